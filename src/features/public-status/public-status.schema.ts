/** Inputs of the public pages: the lookup form and the status token, through the form kit. */
import { z } from 'zod';
import { parseDossierCode } from '../../domain/dossier-code.js';
import { hasControlChars } from '../../web/form.js';

export const LOOKUP_MESSAGES = {
  code: 'Nhập mã hồ sơ như trên giấy tiếp nhận (ví dụ: 000.00.12.H26-261123-0042)',
  last4: 'Nhập đúng 4 chữ số cuối của số điện thoại đã đăng ký',
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
