/**
 * Message templates: Vietnamese text with {placeholders}, one per kind of message.
 *
 * - `title` is the e-mail subject; `text` is the body of the SMS and the e-mail.
 * - `params` lists every placeholder; render() refuses data that lacks one, so a job that
 *   forgets a parameter fails loudly instead of sending "{due}" to a citizen.
 * - Zalo ZNS does not send our text: it sends the template id registered with Zalo
 *   (ZNS_TEMPLATE_IDS, key=id) and `template_data` with exactly these parameter names, so
 *   register the ZNS templates with the same names.
 * - SMS text stays plain but keeps its Vietnamese diacritics: brand-name gateways accept
 *   Unicode (UCS-2), at 70 characters per message, 67 per part when split. smsLength()
 *   gives the count; /thong-bao/mau shows it for every template.
 */

import { PETITION_INTAKE_TEMPLATES } from './templates-petition-intake.js';
import { PETITION_TEMPLATES } from './templates-petitions.js';
import { QUESTION_TEMPLATES } from './templates-questions.js';
import { ZALO_TEMPLATES } from './templates-zalo.js';

export type Audience = 'citizen' | 'staff';

export interface MessageTemplate {
  key: string;
  /** Citizens are not messaged during quiet hours; staff templates go out at any time. */
  audience: Audience;
  /** A short name for lists ("Báo có kết quả trước hạn"). */
  label: string;
  /** E-mail subject, with placeholders. */
  title: string;
  /** SMS and e-mail body, with placeholders. */
  text: string;
  params: readonly string[];
  /** Values used for parameters the caller leaves out (others are required). */
  defaults?: Readonly<Record<string, string>>;
  /** When the message is sent, for the preview page. */
  description: string;
  /** Example data for the preview page and tests. */
  sample: Readonly<Record<string, string>>;
  /** No longer sent; kept so that messages stored earlier still render and are labelled. */
  retired?: boolean;
  /**
   * A reply to a message the citizen has just sent (a Zalo chat reply): sent at once, even
   * during quiet hours — the person is awake and waiting for it.
   */
  immediate?: boolean;
}

const SAMPLE_COMMON = {
  code: '000.31.01.H26-261123-0042',
  procedure: 'Đăng ký thành lập hộ kinh doanh',
  status_url: 'https://motcua.example.vn/s/Xk3p9QbT2mZr7LwA4nVe8sYd',
  link: 'https://motcua.example.vn/ho-so/42',
};

const SAMPLE_PLACE = 'Bộ phận Một cửa UBND phường Trấn Biên, 1 Nguyễn Ái Quốc';
const SAMPLE_CONTACT = 'UBND phường Trấn Biên, điện thoại 0251 3822 123';

const COLLECT_AT_COUNTER = 'Mời Ông/Bà mang Giấy tiếp nhận đến Bộ phận Một cửa nhận kết quả';

const coreDefs = [
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

/** Every template: the dossier notices above, then each feature's own (one file each). */
const defs = [...coreDefs, ...QUESTION_TEMPLATES, ...ZALO_TEMPLATES, ...PETITION_INTAKE_TEMPLATES, ...PETITION_TEMPLATES] as const;

export type TemplateKey = (typeof defs)[number]['key'];

export const TEMPLATES: Readonly<Record<TemplateKey, MessageTemplate>> = Object.fromEntries(defs.map((d) => [d.key, d as MessageTemplate])) as Record<TemplateKey, MessageTemplate>;

export const TEMPLATE_KEYS: readonly TemplateKey[] = defs.map((d) => d.key);

/** Templates sent to staff. */
export const STAFF_TEMPLATE_KEYS: readonly TemplateKey[] = defs.filter((d) => d.audience === 'staff').map((d) => d.key);
/** Templates exempt from quiet hours: staff messages, and immediate replies to a citizen's own message. */
export const QUIET_EXEMPT_TEMPLATE_KEYS: readonly TemplateKey[] = defs.filter((d: MessageTemplate) => d.audience === 'staff' || d.immediate === true).map((d) => d.key);
/** Immediate replies to a citizen's own message: delivered right after they are stored (dispatchIds), not at the next outbox run. */
export const IMMEDIATE_TEMPLATE_KEYS: readonly TemplateKey[] = defs.filter((d: MessageTemplate) => d.immediate === true).map((d) => d.key);
export const CITIZEN_TEMPLATE_KEYS: readonly TemplateKey[] = defs.filter((d) => d.audience === 'citizen').map((d) => d.key);
/** Citizen templates still sent: the ones an administrator can switch off. */
export const SWITCHABLE_TEMPLATE_KEYS: readonly TemplateKey[] = defs.filter((d) => d.audience === 'citizen' && !('retired' in d && d.retired)).map((d) => d.key);

export function getTemplate(key: string): MessageTemplate | undefined {
  return Object.prototype.hasOwnProperty.call(TEMPLATES, key) ? TEMPLATES[key as TemplateKey] : undefined;
}

/** A template that cannot be rendered: unknown key or missing parameter. Never worth retrying. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;

/** The placeholder names a text uses, in order of first appearance. */
export function placeholdersOf(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (m) => m[1]!))];
}

/** Only the template's parameters, each as a string (what ZNS receives as template_data). */
export function templateData(template: MessageTemplate, data: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  const missing: string[] = [];
  for (const p of template.params) {
    const given = data[p];
    const v = given === undefined || given === null || given === '' ? template.defaults?.[p] : given;
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) missing.push(p);
    else out[p] = String(v).normalize('NFC');
  }
  if (missing.length > 0) throw new TemplateError(`Mẫu tin "${template.key}" thiếu tham số: ${missing.join(', ')}`);
  return out;
}

function fill(text: string, values: Record<string, string>): string {
  // One pass: a value containing "{x}" is never expanded again.
  return text.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole).normalize('NFC');
}

export interface RenderedMessage {
  title: string;
  text: string;
}

/** Subject and body with every placeholder filled; throws TemplateError on a missing parameter. */
export function render(template: MessageTemplate, data: Readonly<Record<string, unknown>>): RenderedMessage {
  const values = templateData(template, data);
  return { title: fill(template.title, values), text: fill(template.text, values) };
}

const GSM7 = new Set(
  Array.from('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'),
);
const GSM7_EXT = new Set(Array.from('^{}\\[~]|€\f'));

export interface SmsLength {
  /** Characters as the gateway counts them (UCS-2 code units, or GSM-7 septets). */
  chars: number;
  unicode: boolean;
  /** Messages the operator bills: 70/67 per part in Unicode, 160/153 in GSM-7. */
  segments: number;
}

export function smsLength(text: string): SmsLength {
  const chars = Array.from(text);
  const unicode = chars.some((c) => !GSM7.has(c) && !GSM7_EXT.has(c));
  if (unicode) {
    const n = text.length; // UTF-16 code units = UCS-2 characters
    return { chars: n, unicode, segments: n <= 70 ? 1 : Math.ceil(n / 67) };
  }
  const n = chars.reduce((sum, c) => sum + (GSM7_EXT.has(c) ? 2 : 1), 0);
  return { chars: n, unicode, segments: n <= 160 ? 1 : Math.ceil(n / 153) };
}
