/**
 * The dossier notices' message templates: the citizen's steps (receipt, supplement request,
 * result, refusal, withdrawal, voided intake, apology, overdue, answered question) and the
 * staff's deadline messages about a dossier (due soon, overdue, apology draft, escalation).
 * Registered with the messaging platform by src/messaging.ts; how a template is written is
 * in src/platform/messaging/templates.ts.
 */
import type { MessageTemplate } from '../../platform/messaging/templates.js';

const SAMPLE_COMMON = {
  code: '000.31.01.H26-261123-0042',
  procedure: 'Đăng ký thành lập hộ kinh doanh',
  status_url: 'https://motcua.example.vn/s/Xk3p9QbT2mZr7LwA4nVe8sYd',
  link: 'https://motcua.example.vn/ho-so/42',
};

const SAMPLE_PLACE = 'Bộ phận Một cửa UBND phường Trấn Biên, 1 Nguyễn Ái Quốc';
const SAMPLE_CONTACT = 'UBND phường Trấn Biên, điện thoại 0251 3822 123';

const COLLECT_AT_COUNTER = 'Mời Ông/Bà mang Giấy tiếp nhận đến Bộ phận Một cửa nhận kết quả';

export const NOTICE_TEMPLATES = [
  {
    key: 'receipt',
    audience: 'citizen',
    label: 'Giấy tiếp nhận điện tử',
    title: 'Giấy tiếp nhận hồ sơ {code}',
    text: 'Kính gửi Ông/Bà: {agency} đã tiếp nhận hồ sơ {code} ({procedure}). Hẹn trả kết quả: {due}. Tra cứu: {status_url}',
    params: ['code', 'agency', 'procedure', 'due', 'status_url'],
    description: 'Gửi công dân ngay khi Bộ phận Một cửa tiếp nhận hồ sơ (ngoài giờ yên lặng).',
    sample: { ...SAMPLE_COMMON, agency: 'UBND phường Trấn Biên', due: '10:00, Thứ Năm 26/11/2026' },
  },
  {
    key: 'supplement_request',
    audience: 'citizen',
    label: 'Yêu cầu bổ sung hồ sơ',
    title: 'Hồ sơ {code} cần bổ sung giấy tờ',
    text: 'Kính gửi Ông/Bà: hồ sơ {code} cần bổ sung: {items}. Nộp tại {place}. Ngày hẹn trả kết quả được tính lại khi nhận đủ. Chi tiết: {status_url}',
    params: ['code', 'items', 'place', 'status_url'],
    defaults: { place: 'Bộ phận Một cửa nơi Ông/Bà đã nộp hồ sơ' },
    description: 'Gửi công dân khi cán bộ yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02); mỗi lần yêu cầu một tin.',
    sample: { ...SAMPLE_COMMON, items: 'Bản sao hợp đồng thuê địa điểm kinh doanh; Giấy ủy quyền có chứng thực', place: SAMPLE_PLACE },
  },
  {
    key: 'result_ready',
    audience: 'citizen',
    label: 'Báo có kết quả',
    title: 'Hồ sơ {code} đã có kết quả',
    text: 'Kính gửi Ông/Bà: hồ sơ {code} đã có kết quả, {timing}. {collect_info}. Tra cứu: {status_url}',
    params: ['code', 'timing', 'collect_info', 'status_url'],
    defaults: { timing: 'sẵn sàng trả cho Ông/Bà', collect_info: COLLECT_AT_COUNTER },
    description:
      'Gửi công dân khi hồ sơ có kết quả: trước hạn (sớm bao nhiêu ngày làm việc so với ngày hẹn), đúng hẹn hoặc sau hẹn, và cách nhận kết quả theo hình thức đã đăng ký.',
    sample: { ...SAMPLE_COMMON, timing: 'sớm 2 ngày làm việc so với ngày hẹn 26/11/2026', collect_info: `Mời Ông/Bà mang Giấy tiếp nhận đến ${SAMPLE_PLACE} nhận kết quả` },
  },
  {
    key: 'refused',
    audience: 'citizen',
    label: 'Báo từ chối giải quyết',
    title: 'Hồ sơ {code} không được giải quyết',
    text: 'Kính gửi Ông/Bà: hồ sơ {code} bị từ chối giải quyết. Lý do: {reason}. Mời Ông/Bà liên hệ {place} để nhận lại hồ sơ. Chi tiết: {status_url}',
    params: ['code', 'reason', 'place', 'status_url'],
    description: 'Gửi công dân khi cơ quan giải quyết từ chối giải quyết hồ sơ, kèm lý do.',
    sample: { ...SAMPLE_COMMON, reason: 'địa điểm kinh doanh thuộc khu vực cấm kinh doanh', place: SAMPLE_PLACE },
  },
  {
    key: 'withdrawn',
    audience: 'citizen',
    label: 'Thông báo dừng giải quyết hồ sơ (rút hồ sơ)',
    title: 'Thông báo dừng giải quyết hồ sơ {code}',
    text: 'Thông báo dừng giải quyết hồ sơ {code}: theo đề nghị rút hồ sơ của Ông/Bà, cơ quan đã dừng giải quyết. Lý do: {reason}. Chi tiết: {status_url}',
    params: ['code', 'reason', 'status_url'],
    description: 'Gửi công dân khi hồ sơ dừng giải quyết theo đề nghị rút hồ sơ (Thông báo dừng giải quyết hồ sơ, Nghị định 118/2025).',
    sample: { ...SAMPLE_COMMON, reason: 'công dân đề nghị rút để nộp lại hồ sơ khác' },
  },
  {
    key: 'voided',
    audience: 'citizen',
    label: 'Báo hủy tiếp nhận',
    title: 'Hủy tiếp nhận hồ sơ {code}',
    text: 'Kính gửi Ông/Bà: việc tiếp nhận hồ sơ {code} đã được hủy ({reason}); mã hồ sơ và Giấy tiếp nhận này không còn giá trị. Cần hỗ trợ, liên hệ {contact}.',
    params: ['code', 'reason', 'contact'],
    description: 'Gửi công dân khi Bộ phận Một cửa hủy một lần tiếp nhận nhập nhầm (trong ngày tiếp nhận).',
    sample: { ...SAMPLE_COMMON, reason: 'nhập nhầm thủ tục', contact: SAMPLE_CONTACT },
  },
  {
    key: 'apology',
    audience: 'citizen',
    label: 'Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết',
    title: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả hồ sơ {code}',
    text: 'Kính gửi Ông/Bà: hồ sơ {code} chưa có kết quả đúng hẹn {old_due}. Lý do: {reason}. Cơ quan giải quyết thành thật xin lỗi, hẹn trả kết quả vào {new_due}. Phiếu xin lỗi: {status_url}',
    params: ['code', 'old_due', 'reason', 'new_due', 'status_url'],
    description: 'Gửi công dân khi thủ trưởng cơ quan giải quyết ký phát hành Phiếu xin lỗi (hoặc hệ thống, nơi tỉnh giao cho hệ thống phát hành).',
    sample: {
      ...SAMPLE_COMMON,
      old_due: '10:00, Thứ Năm 26/11/2026',
      reason: 'cần xác minh thêm thông tin với cơ quan liên quan',
      new_due: '10:00, Thứ Năm 03/12/2026',
    },
  },
  {
    key: 'overdue_notice',
    audience: 'citizen',
    label: 'Báo hồ sơ quá hạn',
    title: 'Hồ sơ {code} đã quá hạn trả kết quả',
    text: 'Kính gửi Ông/Bà: hồ sơ {code} đã quá hạn trả kết quả ({due}). Cơ quan giải quyết sẽ liên hệ Ông/Bà. Hỗ trợ: {contact}. Tra cứu: {status_url}',
    params: ['code', 'due', 'contact', 'status_url'],
    description: 'Gửi công dân khi đến ngày hẹn mà hồ sơ chưa có kết quả và chưa có Phiếu xin lỗi.',
    sample: { ...SAMPLE_COMMON, due: '10:00, Thứ Năm 26/11/2026', contact: SAMPLE_CONTACT },
  },
  {
    key: 'question_answered',
    audience: 'citizen',
    label: 'Báo đã trả lời câu hỏi',
    title: 'Cơ quan đã trả lời câu hỏi về hồ sơ {code}',
    text: 'Cơ quan đã trả lời câu hỏi của Ông/Bà về hồ sơ {code}. Xem: {status_url}',
    params: ['code', 'status_url'],
    description: 'Gửi công dân khi cán bộ trả lời công khai câu hỏi công dân đặt trên trang tình trạng hồ sơ (một lần cho mỗi câu trả lời).',
    sample: { ...SAMPLE_COMMON },
  },
  {
    key: 'early_completion',
    audience: 'citizen',
    retired: true,
    label: 'Báo có kết quả trước hạn',
    title: 'Hồ sơ {code} đã có kết quả trước hạn',
    text: 'Kính gửi Ông/Bà: hồ sơ {code} đã có kết quả, sớm {days_early} ngày làm việc so với ngày hẹn {due}. {collect_info}. Tra cứu: {status_url}',
    params: ['code', 'days_early', 'due', 'collect_info', 'status_url'],
    defaults: { collect_info: COLLECT_AT_COUNTER },
    description: 'Không còn gửi: nay "Báo có kết quả" nói cả số ngày sớm. Giữ lại để tin đã lưu trước đây vẫn gửi và hiển thị được.',
    sample: { ...SAMPLE_COMMON, days_early: '2', due: '10:00, Thứ Năm 26/11/2026' },
  },
  {
    key: 'due_soon',
    audience: 'staff',
    label: 'Hồ sơ sắp đến hạn',
    title: 'Hồ sơ {code} sắp đến hạn trả kết quả',
    text: 'Hồ sơ {code} ({procedure}) sắp đến hạn trả kết quả: {due}. Xem hồ sơ: {link}',
    params: ['code', 'procedure', 'due', 'link'],
    description: 'Gửi cán bộ xử lý và lãnh đạo đơn vị khi hồ sơ còn dưới một ngày làm việc trước hạn.',
    sample: { ...SAMPLE_COMMON, due: '10:00, Thứ Năm 26/11/2026' },
  },
  {
    key: 'overdue',
    audience: 'staff',
    label: 'Hồ sơ quá hạn',
    title: 'Hồ sơ {code} đã quá hạn',
    text: 'Hồ sơ {code} ({procedure}) đã quá hạn trả kết quả {due} mà chưa có kết quả. Xem hồ sơ: {link}',
    params: ['code', 'procedure', 'due', 'link'],
    description: 'Gửi cán bộ xử lý và lãnh đạo đơn vị khi hồ sơ quá hạn (khi chưa có Phiếu xin lỗi, công dân cũng được báo hồ sơ quá hạn).',
    sample: { ...SAMPLE_COMMON, due: '10:00, Thứ Năm 26/11/2026' },
  },
  {
    key: 'apology_reminder',
    audience: 'staff',
    retired: true,
    label: 'Nhắc lập Phiếu xin lỗi',
    title: 'Nhắc lập Phiếu xin lỗi cho hồ sơ {code}',
    text: 'Hồ sơ {code} ({procedure}) hẹn trả kết quả {due}. Nếu không kịp, đề nghị phát hành Phiếu xin lỗi và hẹn lại ngày trả kết quả ngay hôm nay (chậm nhất 1 ngày làm việc trước ngày hẹn). Xem hồ sơ: {link}',
    params: ['code', 'procedure', 'due', 'link'],
    description: 'Không còn gửi: nay hệ thống lập dự thảo phiếu xin lỗi và gửi "Dự thảo Phiếu xin lỗi chờ ký". Giữ lại để tin đã lưu trước đây vẫn gửi và hiển thị được.',
    sample: { ...SAMPLE_COMMON, due: '10:00, Thứ Năm 26/11/2026' },
  },
  {
    key: 'apology_draft',
    audience: 'staff',
    label: 'Dự thảo Phiếu xin lỗi chờ ký',
    title: 'Hồ sơ {code}: dự thảo Phiếu xin lỗi chờ lãnh đạo ký',
    text: 'Hồ sơ {code} ({procedure}) hẹn trả kết quả {due}, chưa có kết quả. Hệ thống đã lập dự thảo Phiếu xin lỗi (đề xuất hẹn lại {proposed_due}). Nếu không kịp hẹn, chuyên viên ghi lý do và lãnh đạo ký phát hành chậm nhất ngày {deadline}. Dự thảo: {link}',
    params: ['code', 'procedure', 'due', 'proposed_due', 'deadline', 'link'],
    description:
      'Gửi cán bộ xử lý và lãnh đạo cơ quan giải quyết khi hồ sơ chưa có kết quả còn APOLOGY_REMINDER_WORKING_DAYS ngày làm việc (mặc định 2) trước ngày hẹn: dự thảo phiếu xin lỗi đã vào danh sách "Phiếu xin lỗi chờ ký".',
    sample: { ...SAMPLE_COMMON, link: 'https://motcua.example.vn/phieu-xin-loi-cho-ky/42', due: '10:00, Thứ Ba 01/12/2026', proposed_due: '10:00, Thứ Ba 08/12/2026', deadline: '30/11/2026' },
  },
  {
    key: 'escalation',
    audience: 'staff',
    label: 'Hồ sơ trễ hẹn lần hai',
    title: 'Hồ sơ {code} trễ hẹn lần thứ hai',
    text: 'Hồ sơ {code} ({procedure}) đã có Phiếu xin lỗi nhưng vẫn chưa có kết quả khi đến ngày hẹn lại {due}. Đề nghị lãnh đạo chỉ đạo xử lý. Xem hồ sơ: {link}',
    params: ['code', 'procedure', 'due', 'link'],
    description: 'Gửi lãnh đạo / giám sát khi ngày hẹn lại sau Phiếu xin lỗi cũng bị trễ (không phát hành Phiếu xin lỗi lần hai).',
    sample: { ...SAMPLE_COMMON, due: '10:00, Thứ Năm 03/12/2026' },
  },
] as const satisfies readonly MessageTemplate[];

export type NoticeTemplateKey = (typeof NOTICE_TEMPLATES)[number]['key'];
