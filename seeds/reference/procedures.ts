/**
 * Reference procedure catalogue: codes of the National Database of Administrative
 * Procedures with their statutory processing times. Provinces re-publish codes and
 * times by decision; administrators import the province's list (issue #3) rather
 * than trust this table, which is a realistic starting point.
 */
import type { ProcessingUnit } from '../../src/domain/deadline.js';

export interface DocumentSeed {
  name: string;
  originals?: number;
  certifiedCopies?: number;
  copies?: number;
  required?: boolean;
}

export interface ProcedureSeed {
  code: string;
  name: string;
  field: string;
  unit: ProcessingUnit;
  amount: number;
  processingNote?: string;
  feeVnd: number | null;
  feeNote?: string;
  result: string;
  apologyExtensionDays?: number;
  /** Lead agency eid, or 'commune' for ward-level procedures (each ward is its own lead agency). */
  lead: string;
  /** The result is produced at the one-stop counter itself (certified copies, signature attestation). */
  resultAtCounter?: boolean;
  documents: DocumentSeed[];
}

const TK = (name: string): DocumentSeed => ({ name, originals: 1 });
const ID = { name: 'Căn cước / Căn cước công dân của người yêu cầu (xuất trình)', originals: 0, copies: 0, required: true } satisfies DocumentSeed;
const AUTH = { name: 'Văn bản ủy quyền (nếu nộp thay)', originals: 1, required: false } satisfies DocumentSeed;

export const PROCEDURES: ProcedureSeed[] = [
  // Civil status (hộ tịch), ward level
  { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', unit: 'same_day', amount: 0, processingNote: 'Ngay trong ngày tiếp nhận; sau 15 giờ trả trong ngày làm việc tiếp theo', feeVnd: 0, feeNote: 'Miễn lệ phí đăng ký khai sinh đúng hạn', result: 'Giấy khai sinh (bản chính) và bản sao trích lục (nếu có yêu cầu)', lead: 'commune', documents: [TK('Tờ khai đăng ký khai sinh'), { name: 'Giấy chứng sinh hoặc văn bản thay giấy chứng sinh', originals: 1 }, ID, AUTH] },
  { code: '1.000894', name: 'Đăng ký kết hôn', field: 'Hộ tịch', unit: 'same_day', amount: 0, processingNote: 'Trường hợp cần xác minh: không quá 05 ngày làm việc', feeVnd: 0, feeNote: 'Miễn lệ phí', result: 'Giấy chứng nhận kết hôn', lead: 'commune', documents: [TK('Tờ khai đăng ký kết hôn'), { name: 'Giấy xác nhận tình trạng hôn nhân (nếu đăng ký tại nơi không thường trú)', originals: 1, required: false }, ID] },
  { code: '1.000656', name: 'Đăng ký khai tử', field: 'Hộ tịch', unit: 'same_day', amount: 0, processingNote: 'Trường hợp cần xác minh: không quá 03 ngày làm việc', feeVnd: 0, feeNote: 'Miễn lệ phí đăng ký khai tử đúng hạn', result: 'Trích lục khai tử', lead: 'commune', documents: [TK('Tờ khai đăng ký khai tử'), { name: 'Giấy báo tử hoặc giấy tờ thay giấy báo tử', originals: 1 }, ID] },
  { code: '2.000806', name: 'Đăng ký kết hôn có yếu tố nước ngoài', field: 'Hộ tịch', unit: 'working_days', amount: 15, feeVnd: 1_000_000, feeNote: 'Theo Nghị quyết của HĐND tỉnh', result: 'Giấy chứng nhận kết hôn', lead: 'commune', documents: [TK('Tờ khai đăng ký kết hôn'), { name: 'Giấy tờ chứng minh tình trạng hôn nhân của người nước ngoài', originals: 1 }, { name: 'Giấy xác nhận của tổ chức y tế về việc không mắc bệnh tâm thần', originals: 1 }, { name: 'Hộ chiếu hoặc giấy tờ thay hộ chiếu của người nước ngoài', copies: 1 }, ID] },
  { code: '1.004884', name: 'Đăng ký lại khai sinh', field: 'Hộ tịch', unit: 'working_days', amount: 5, feeVnd: 5_000, result: 'Giấy khai sinh', lead: 'commune', documents: [TK('Tờ khai đăng ký lại khai sinh'), { name: 'Bản sao giấy khai sinh hoặc giấy tờ có nội dung khai sinh', copies: 1 }, { name: 'Văn bản cam đoan về việc đã đăng ký khai sinh', originals: 1 }, ID] },
  { code: '1.004746', name: 'Đăng ký lại kết hôn', field: 'Hộ tịch', unit: 'working_days', amount: 5, feeVnd: 30_000, result: 'Giấy chứng nhận kết hôn', lead: 'commune', documents: [TK('Tờ khai đăng ký lại kết hôn'), { name: 'Bản sao Giấy chứng nhận kết hôn được cấp trước đây (nếu có)', copies: 1, required: false }, ID] },
  { code: '1.001022', name: 'Đăng ký nhận cha, mẹ, con', field: 'Hộ tịch', unit: 'working_days', amount: 3, processingNote: 'Trường hợp cần xác minh: kéo dài không quá 05 ngày làm việc', feeVnd: 15_000, result: 'Trích lục đăng ký nhận cha, mẹ, con', lead: 'commune', documents: [TK('Tờ khai đăng ký nhận cha, mẹ, con'), { name: 'Văn bản, tài liệu chứng minh quan hệ cha, mẹ, con', originals: 1 }, ID] },
  { code: '1.004837', name: 'Đăng ký giám hộ', field: 'Hộ tịch', unit: 'working_days', amount: 3, feeVnd: 5_000, result: 'Trích lục đăng ký giám hộ', lead: 'commune', documents: [TK('Tờ khai đăng ký giám hộ'), { name: 'Văn bản cử người giám hộ', originals: 1 }, ID] },
  { code: '1.004873', name: 'Cấp Giấy xác nhận tình trạng hôn nhân', field: 'Hộ tịch', unit: 'working_days', amount: 3, feeVnd: 3_000, result: 'Giấy xác nhận tình trạng hôn nhân', lead: 'commune', documents: [TK('Tờ khai cấp Giấy xác nhận tình trạng hôn nhân'), { name: 'Giấy tờ chứng minh đã ly hôn hoặc người kia đã chết (nếu có)', copies: 1, required: false }, ID] },
  { code: '1.004859', name: 'Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch', field: 'Hộ tịch', unit: 'working_days', amount: 3, feeVnd: 10_000, result: 'Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch', lead: 'commune', documents: [TK('Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch'), { name: 'Giấy tờ làm căn cứ thay đổi, cải chính, bổ sung', certifiedCopies: 1 }, ID] },
  { code: '2.000635', name: 'Cấp bản sao trích lục hộ tịch', field: 'Hộ tịch', unit: 'same_day', amount: 0, resultAtCounter: true, feeVnd: 8_000, feeNote: '8.000 đồng/bản sao', result: 'Bản sao trích lục hộ tịch', lead: 'commune', documents: [TK('Tờ khai cấp bản sao trích lục hộ tịch'), ID, AUTH] },
  { code: '2.001263', name: 'Đăng ký nhận nuôi con nuôi trong nước', field: 'Nuôi con nuôi', unit: 'calendar_days', amount: 30, feeVnd: 400_000, result: 'Giấy chứng nhận nuôi con nuôi', lead: 'commune', documents: [TK('Đơn xin nhận con nuôi'), { name: 'Phiếu lý lịch tư pháp của người nhận con nuôi', originals: 1 }, { name: 'Văn bản xác nhận tình trạng sức khỏe', originals: 1 }, { name: 'Giấy khai sinh của người được nhận làm con nuôi', certifiedCopies: 1 }, ID] },
  // Certification (chứng thực), ward level
  { code: '2.000815', name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp hoặc chứng nhận', field: 'Chứng thực', unit: 'same_day', amount: 0, resultAtCounter: true, processingNote: 'Nhận sau 15 giờ trả trong ngày làm việc tiếp theo; yêu cầu số lượng lớn: không quá 02 ngày làm việc', feeVnd: 2_000, feeNote: '2.000 đồng/trang; từ trang thứ ba 1.000 đồng/trang, tối đa 200.000 đồng/bản', result: 'Bản sao được chứng thực từ bản chính', lead: 'commune', documents: [{ name: 'Bản chính giấy tờ, văn bản làm cơ sở chứng thực', originals: 1 }, { name: 'Bản sao cần chứng thực', copies: 1 }] },
  { code: '2.000884', name: 'Chứng thực chữ ký trong các giấy tờ, văn bản', field: 'Chứng thực', unit: 'same_day', amount: 0, resultAtCounter: true, processingNote: 'Nhận sau 15 giờ trả trong ngày làm việc tiếp theo', feeVnd: 10_000, feeNote: '10.000 đồng/trường hợp', result: 'Giấy tờ, văn bản được chứng thực chữ ký', lead: 'commune', documents: [{ name: 'Giấy tờ, văn bản cần chứng thực chữ ký', originals: 1 }, ID] },
  // Household business (hộ kinh doanh), ward level
  { code: '1.001612', name: 'Đăng ký thành lập hộ kinh doanh', field: 'Thành lập và hoạt động của hộ kinh doanh', unit: 'working_days', amount: 3, feeVnd: 100_000, feeNote: 'Theo Nghị quyết của HĐND tỉnh', result: 'Giấy chứng nhận đăng ký hộ kinh doanh', lead: 'commune', documents: [TK('Giấy đề nghị đăng ký hộ kinh doanh'), { name: 'Biên bản họp thành viên hộ gia đình (nếu các thành viên cùng thành lập)', copies: 1, required: false }, { name: 'Hợp đồng thuê hoặc giấy tờ về quyền sử dụng địa điểm kinh doanh', copies: 1 }, ID] },
  { code: '2.000720', name: 'Đăng ký thay đổi nội dung đăng ký hộ kinh doanh', field: 'Thành lập và hoạt động của hộ kinh doanh', unit: 'working_days', amount: 3, feeVnd: 50_000, result: 'Giấy chứng nhận đăng ký hộ kinh doanh (cấp đổi)', lead: 'commune', documents: [TK('Thông báo thay đổi nội dung đăng ký hộ kinh doanh'), { name: 'Giấy chứng nhận đăng ký hộ kinh doanh đã cấp', originals: 1 }, ID] },
  // Residence (cư trú), ward level
  { code: '1.004222', name: 'Đăng ký thường trú', field: 'Đăng ký, quản lý cư trú', unit: 'working_days', amount: 7, feeVnd: 20_000, feeNote: 'Miễn lệ phí khi nộp trực tuyến', result: 'Thông tin thường trú được cập nhật vào Cơ sở dữ liệu về cư trú', lead: 'commune', documents: [TK('Tờ khai thay đổi thông tin cư trú (CT01)'), { name: 'Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp', copies: 1 }, ID] },
  { code: '1.004194', name: 'Đăng ký tạm trú', field: 'Đăng ký, quản lý cư trú', unit: 'working_days', amount: 3, feeVnd: 15_000, result: 'Thông tin tạm trú được cập nhật vào Cơ sở dữ liệu về cư trú', lead: 'commune', documents: [TK('Tờ khai thay đổi thông tin cư trú (CT01)'), { name: 'Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp', copies: 1 }, ID] },
  { code: '1.010038', name: 'Tách hộ', field: 'Đăng ký, quản lý cư trú', unit: 'working_days', amount: 5, feeVnd: 10_000, result: 'Thông tin hộ gia đình được cập nhật vào Cơ sở dữ liệu về cư trú', lead: 'commune', documents: [TK('Tờ khai thay đổi thông tin cư trú (CT01)'), { name: 'Văn bản đồng ý tách hộ của chủ hộ (nếu có)', originals: 1, required: false }, ID] },
  // Province departments
  { code: '3.000333', name: 'Cấp Phiếu lý lịch tư pháp số 1', field: 'Lý lịch tư pháp', unit: 'working_days', amount: 10, processingNote: 'Trường hợp cần xác minh: không quá 15 ngày', feeVnd: 200_000, feeNote: 'Sinh viên, người có công: 100.000 đồng', result: 'Phiếu lý lịch tư pháp số 1', lead: '000.00.12.H26', documents: [TK('Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp'), { name: 'Bản chụp giấy tờ tùy thân', copies: 1 }, { name: 'Bản chụp giấy tờ chứng minh nơi cư trú', copies: 1 }] },
  { code: '3.000334', name: 'Cấp Phiếu lý lịch tư pháp số 2', field: 'Lý lịch tư pháp', unit: 'working_days', amount: 10, processingNote: 'Trường hợp cần xác minh: không quá 15 ngày', feeVnd: 200_000, result: 'Phiếu lý lịch tư pháp số 2', lead: '000.00.12.H26', documents: [TK('Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp'), { name: 'Bản chụp giấy tờ tùy thân', copies: 1 }, { name: 'Bản chụp giấy tờ chứng minh nơi cư trú', copies: 1 }] },
  { code: '1.012787', name: 'Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu', field: 'Đất đai', unit: 'working_days', amount: 20, apologyExtensionDays: 10, feeVnd: null, feeNote: 'Lệ phí cấp giấy chứng nhận theo Nghị quyết của HĐND tỉnh', result: 'Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất', lead: '000.00.15.H26', documents: [TK('Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu 04/ĐK)'), { name: 'Giấy tờ về quyền sử dụng đất', certifiedCopies: 1 }, { name: 'Sơ đồ tài sản gắn liền với đất (nếu có)', originals: 1, required: false }, { name: 'Chứng từ thực hiện nghĩa vụ tài chính (nếu có)', copies: 1, required: false }] },
  { code: '1.013831', name: 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển nhượng, tặng cho, thừa kế', field: 'Đất đai', unit: 'working_days', amount: 8, processingNote: '05 ngày làm việc và 03 ngày làm việc sau khi thực hiện nghĩa vụ tài chính', apologyExtensionDays: 5, feeVnd: null, feeNote: 'Lệ phí theo Nghị quyết của HĐND tỉnh', result: 'Giấy chứng nhận đã xác nhận biến động hoặc Giấy chứng nhận mới', lead: '000.00.15.H26', documents: [TK('Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu 11/ĐK)'), { name: 'Hợp đồng, văn bản chuyển nhượng, tặng cho, thừa kế đã công chứng, chứng thực', originals: 1 }, { name: 'Giấy chứng nhận đã cấp', originals: 1 }] },
];
