/** Inputs of the public pages: the lookup form and the status token, through the form kit. */
import { z } from 'zod';
import { parseDossierCode } from '../../domain/dossier-code.js';
import { hasControlChars } from '../../web/form.js';
import { fillMessage } from '../../web/i18n/translator.js';

/** The code printed as an example on the form and in its message. */
export const CODE_EXAMPLE = '000.00.12.H26-261123-0042';

/**
 * The lookup's messages with their `{params}`: the Vietnamese side of the catalogue's `form.lookup.*`
 * keys (public-status.i18n.ts), so an English page shows each in English.
 */
export const LOOKUP_TEXT = {
  code: 'Nhập mã hồ sơ như trên giấy tiếp nhận (ví dụ: {example})',
  last4: 'Nhập đúng 4 chữ số cuối của số điện thoại đã đăng ký',
  notFound: 'Không tìm thấy hồ sơ có mã và số điện thoại này. Vui lòng kiểm tra lại.',
  siteLimit:
    'Hệ thống đang nhận quá nhiều lượt tra cứu sai. Vui lòng kiểm tra lại mã hồ sơ và 4 số cuối điện thoại rồi thử lại sau {seconds} giây, hoặc quét mã QR trên giấy tiếp nhận.',
  tooMany:
    'Bạn đã nhập sai mã hồ sơ hoặc 4 số cuối điện thoại quá nhiều lần. Vui lòng thử lại sau {minutes} phút, quét mã QR trên giấy tiếp nhận hoặc liên hệ Bộ phận Một cửa.',
  rateLimit: 'Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút hoặc quét mã QR trên giấy tiếp nhận.',
} as const;

export const LOOKUP_MESSAGES = {
  code: fillMessage(LOOKUP_TEXT.code, { example: CODE_EXAMPLE }),
  last4: LOOKUP_TEXT.last4,
} as const;

/** The lookup form: the dossier code (upper-cased, as printed) and the last 4 phone digits. */
export const lookupSchema = z.object({
  code: z
    .string()
    .trim()
    .max(60, LOOKUP_MESSAGES.code)
    .transform((v) => v.toUpperCase())
    .refine((v) => !hasControlChars(v) && parseDossierCode(v) !== null, LOOKUP_MESSAGES.code),
  phone_last4: z.string().trim().regex(/^\d{4}$/, LOOKUP_MESSAGES.last4),
});

export type LookupInput = z.output<typeof lookupSchema>;

/**
 * The status page's path parameter: a token, with `.json` asking for the Open311 form.
 * A malformed token is still a token (the page answers "not found" for it).
 */
export const statusTokenSchema = z.object({
  token: z
    .string()
    .max(200)
    .transform((raw) => ({ token: raw.replace(/\.json$/, ''), json: raw.endsWith('.json') })),
});
