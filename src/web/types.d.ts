import type { StaffUser } from '../domain/roles.js';

declare global {
  namespace Express {
    interface Request {
      /** The signed-in staff member, when there is one. */
      staff?: StaffUser;
      /** The token every POST form must echo back. */
      csrfToken?: string;
      /**
       * Who is filling in forms: the random id in an anonymous visitor's CSRF cookie, or a
       * signed-in session's token. Set by csrfProtection; what one-time form nonces are bound to.
       */
      visitorId?: string;
      /** On an upload path's multipart POST: the deferred CSRF check of the form's token (src/web/upload.ts). */
      verifyCsrf?: (sent: string) => 'valid' | 'other_visitor' | 'invalid';
    }
  }
}

export {};
