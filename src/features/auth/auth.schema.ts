/** Inputs of the sign-in pages, through the form kit. */
import { z } from 'zod';
import { hasControlChars, MESSAGES, str } from '../../web/form.js';

export const LOGIN_REQUIRED = 'Nhập tên đăng nhập và mật khẩu.';

export const loginSchema = z.object({
  username: z
    .string()
    .trim()
    .refine((v) => !hasControlChars(v), MESSAGES.control)
    .pipe(z.string().min(1, LOGIN_REQUIRED).max(100, 'Tên đăng nhập không quá 100 ký tự')),
  // Kept as typed (no trimming): only control characters and absurd lengths are refused.
  password: z
    .string()
    .refine((v) => !hasControlChars(v), MESSAGES.control)
    .pipe(z.string().min(1, LOGIN_REQUIRED).max(200, 'Mật khẩu không quá 200 ký tự')),
  next: z.string(),
});

/** Only local paths may be a "next" target: no open redirect. */
export function safeNext(value: string, fallback: string): string {
  return /^\/(?![/\\])/.test(value) && !hasControlChars(value) ? value : fallback;
}

/** The "next" of a query string or form. */
export const nextOf = (input: Record<string, unknown> | undefined, fallback: string): string => safeNext(str(input, 'next'), fallback);
