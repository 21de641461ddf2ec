/** Inputs of the public petition pages (issue 15): the form, the path tokens, the published list's query, through the form kit. */
import { z } from 'zod';
import { parseDossierCode } from '../../domain/dossier-code.js';
import { normalizePhone } from '../../domain/phone.js';
import { hasPetitionContact, PETITION_CODE_RE, PETITION_KINDS, SENDER_KINDS } from '../../domain/petitions.js';
import { FORM_NONCE_RE } from '../../domain/form-nonce.js';
import { isWellFormedToken } from '../../domain/public-token.js';
import { cleanText } from '../../domain/text.js';
import { hasControlChars, MESSAGES, multiline, oneOf, optionalId, text, type FieldErrors, type FormValues } from '../../web/form.js';

/** The longest petition the form takes (characters, after line breaks are tidied). */
export const PETITION_CONTENT_MAX = 4000;

export const PETITION_MESSAGES = {
  kind: 'Chọn nội dung phản ánh, kiến nghị về vấn đề gì',
  procedure: 'Chọn thủ tục hành chính trong danh sách (hoặc để trống)',
  agency: 'Chọn cơ quan trong danh sách (hoặc để trống)',
  dossierCode: 'Nhập mã hồ sơ như trên giấy tiếp nhận (ví dụ: 000.00.12.H26-261123-0042), hoặc để trống',
  last4: 'Nhập đúng 4 chữ số cuối của số điện thoại đã đăng ký khi nộp hồ sơ',
  dossierNotFound: 'Không tìm thấy hồ sơ có mã và 4 số cuối điện thoại này. Vui lòng kiểm tra lại, hoặc để trống mã hồ sơ.',
  dossierSiteLimit: 'Việc kiểm tra mã hồ sơ đang tạm dừng vì có quá nhiều lượt nhập sai. Vui lòng để trống mã hồ sơ và ghi mã vào nội dung, hoặc thử lại sau.',
  content: 'Nhập nội dung phản ánh, kiến nghị',
  contentTooLong: `Nội dung không quá ${PETITION_CONTENT_MAX} ký tự`,
  senderKind: 'Chọn người gửi là cá nhân hay tổ chức',
  name: 'Nhập họ và tên (hoặc tên tổ chức)',
  nameTooLong: 'Họ và tên không quá 200 ký tự',
  address: 'Nhập địa chỉ liên hệ',
  addressTooLong: 'Địa chỉ không quá 300 ký tự',
  phone: 'Số điện thoại không hợp lệ (ví dụ: 0987654321)',
  email: 'Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@example.com)',
  contact: 'Nhập số điện thoại hoặc địa chỉ thư điện tử để cơ quan trả lời Ông/Bà',
  /** The Zalo link expired or was used between the form and the filing: the petition needs another contact. */
  contactZaloGone: 'Đường dẫn từ Zalo đã hết hạn hoặc đã được sử dụng nên câu trả lời không gửi qua Zalo được: nhập số điện thoại hoặc địa chỉ thư điện tử để cơ quan trả lời Ông/Bà',
  form: 'Biểu mẫu đã hết hạn. Vui lòng gửi lại.',
  formForeign: 'Biểu mẫu này không được mở trên trình duyệt này (hoặc đã bị thay đổi). Thông tin đã nhập được giữ lại; vui lòng kiểm tra rồi gửi lại.',
} as const;

const safe = z.string().refine((v) => !hasControlChars(v), MESSAGES.control);
/** A random form nonce or link token as the app makes them (32 bytes base64url). */
const TOKEN_43 = /^[A-Za-z0-9_-]{43}$/;

/** The petition's text and its sender, as the public form and the control unit's record of a letter or call both take them. */
export const PETITION_SENDER_FIELDS = {
  noi_dung: multiline(PETITION_CONTENT_MAX, PETITION_MESSAGES.content, PETITION_MESSAGES.contentTooLong),
  nguoi_gui: oneOf(SENDER_KINDS, PETITION_MESSAGES.senderKind),
  ho_ten: text(200, PETITION_MESSAGES.name, PETITION_MESSAGES.nameTooLong),
  dia_chi: text(300, PETITION_MESSAGES.address, PETITION_MESSAGES.addressTooLong),
  dien_thoai: safe
    .transform(normalizePhone)
    .refine((v) => v === '' || /^0\d{9,10}$/.test(v), PETITION_MESSAGES.phone)
    .transform((v) => (v === '' ? null : v)),
  email: safe
    .transform((v) => v.trim().toLowerCase())
    .pipe(z.union([z.literal(''), z.string().max(200, PETITION_MESSAGES.email).email(PETITION_MESSAGES.email)]))
    .transform((v) => (v === '' ? null : v)),
  cong_khai: z.string().transform((v) => v !== ''),
};

export type PetitionSenderInput = z.output<z.ZodObject<typeof PETITION_SENDER_FIELDS>>;

/** The text and sender as the intake repo stores them; the sender's consent now decides only whether they are named (art. 19). */
export function petitionSenderOf(input: PetitionSenderInput) {
  return {
    content: input.noi_dung,
    senderKind: input.nguoi_gui,
    senderName: input.ho_ten,
    senderAddress: input.dia_chi,
    senderPhone: input.dien_thoai,
    senderEmail: input.email,
    consentPublish: input.cong_khai,
    consentNamed: input.cong_khai,
  };
}

/** The public form. Cross-field rules (digits with a code, a phone or an e-mail) are in petitionCrossErrors. */
export const petitionFormSchema = z.object({
  loai: oneOf(PETITION_KINDS, PETITION_MESSAGES.kind),
  thu_tuc: optionalId(PETITION_MESSAGES.procedure),
  co_quan: optionalId(PETITION_MESSAGES.agency),
  ma_ho_so: safe
    .transform((v) => cleanText(v).toUpperCase())
    .refine((v) => v === '' || (v.length <= 60 && parseDossierCode(v) !== null), PETITION_MESSAGES.dossierCode)
    .transform((v) => (v === '' ? null : v)),
  so_cuoi: safe.transform((v) => v.trim()).refine((v) => v === '' || /^\d{4}$/.test(v), PETITION_MESSAGES.last4),
  ...PETITION_SENDER_FIELDS,
  /** The one-time nonce the server issued this form page (domain/form-nonce.ts): a second POST of it files nothing more. */
  nonce: z.string().regex(FORM_NONCE_RE, PETITION_MESSAGES.form),
  /** The Zalo invite the form came from ('' for the plain form); a stale one is not an error. */
  loi_moi: z.string().transform((v) => (TOKEN_43.test(v) ? v : null)),
});

export type PetitionFormInput = z.output<typeof petitionFormSchema>;

/**
 * What the field-by-field schema cannot see: the digits that go with a dossier code, and a
 * contact (hasPetitionContact). `zaloContact`: the form came through a Zalo link that still
 * ties the petition to the follower, who is then the contact (phone and e-mail optional).
 */
export function petitionCrossErrors(values: FormValues, opts: { zaloContact: boolean } = { zaloContact: false }): FieldErrors {
  const errors: FieldErrors = {};
  if (values.ma_ho_so?.trim() && !values.so_cuoi?.trim()) errors.so_cuoi = PETITION_MESSAGES.last4;
  if (!hasPetitionContact({ phone: values.dien_thoai ?? null, email: values.email ?? null, zaloUserId: opts.zaloContact ? 'zalo' : null })) errors.dien_thoai = PETITION_MESSAGES.contact;
  return errors;
}

/** A path token (status, acknowledgement, Zalo invite): malformed ones answer "not found" without a query. */
export const petitionTokenSchema = z.object({ token: z.string().max(200).refine(isWellFormedToken) });

/** A published petition's tracking code in the path. */
export const petitionCodeSchema = z.object({
  code: z
    .string()
    .max(40)
    .transform((v) => v.toUpperCase())
    .refine((v) => PETITION_CODE_RE.test(v)),
});

/** The published list's query: words, a page, a kind (each bad value read as absent). */
export const publishedQuerySchema = z.object({
  q: safe.transform((v) => cleanText(v).slice(0, 200)).catch(''),
  trang: z
    .string()
    .transform((v) => (/^\d{1,6}$/.test(v) && Number(v) >= 1 ? Number(v) : 1))
    .catch(1),
  loai: z
    .string()
    .transform((v) => ((PETITION_KINDS as readonly string[]).includes(v) ? (v as (typeof PETITION_KINDS)[number]) : null))
    .catch(null),
});
