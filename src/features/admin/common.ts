/**
 * What the four administration sub-features share: the outcome of a write (the shared
 * refusal vocabulary: field errors for the form, or no such record), the unique-violation
 * test, the audit log line and the confirmation banners shown after a redirect. No Express
 * here; the routes hand in the query value.
 */
import type { FieldsRefusal, Refusal } from '../../platform/refusal/refusal.js';

/** A write's result: the value, messages keyed by form field, or (R) no such record to write to. */
export type Outcome<T = undefined, R extends 'not_found' = never> = { ok: true; value: T } | FieldsRefusal | Refusal<R>;

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

/** The audit log line (src/logger.ts), for the admin sub-features. */
export { auditLog } from '../../logger.js';

/** Confirmation banners after a redirect: a fixed set, chosen by a short key in the query. */
const NOTICES = new Map<string, string>([
  ['tao-tai-khoan', 'Đã tạo tài khoản. Cán bộ có thể đăng nhập bằng mật khẩu ban đầu.'],
  ['luu-tai-khoan', 'Đã lưu thông tin tài khoản.'],
  ['vo-hieu-hoa', 'Đã vô hiệu hóa tài khoản; mọi phiên đăng nhập của cán bộ này đã kết thúc.'],
  ['kich-hoat', 'Đã kích hoạt lại tài khoản.'],
  ['mat-khau', 'Đã đặt lại mật khẩu; cán bộ phải đăng nhập lại bằng mật khẩu mới.'],
  ['tao-co-quan', 'Đã thêm cơ quan, đơn vị.'],
  ['luu-co-quan', 'Đã lưu thông tin cơ quan, đơn vị.'],
  ['tao-thu-tuc', 'Đã thêm thủ tục vào danh mục.'],
  ['luu-thu-tuc', 'Đã lưu thủ tục.'],
]);

export type NoticeKey = 'tao-tai-khoan' | 'luu-tai-khoan' | 'vo-hieu-hoa' | 'kich-hoat' | 'mat-khau' | 'tao-co-quan' | 'luu-co-quan' | 'tao-thu-tuc' | 'luu-thu-tuc';

/** The banner for the `ok` query value, if it is one of ours. */
export function noticeFor(ok: unknown): string | null {
  return typeof ok === 'string' ? (NOTICES.get(ok) ?? null) : null;
}

export function withNotice(url: string, key: NoticeKey): string {
  return `${url}${url.includes('?') ? '&' : '?'}ok=${encodeURIComponent(key)}`;
}

/** A unique constraint refused the write (SQLite or PostgreSQL). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === '23505' || (e?.code === 'SQLITE_CONSTRAINT' && /UNIQUE/.test(e?.message ?? '')) || /UNIQUE constraint failed/.test(e?.message ?? '');
}

/** The id of a row returned by `insert(...).returning('id')` on either database. */
