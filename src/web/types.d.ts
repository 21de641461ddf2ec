import type { StaffUser } from '../domain/roles.js';

declare global {
  namespace Express {
    interface Request {
      /** The signed-in staff member, when there is one. */
      staff?: StaffUser;
      /** The token every POST form must echo back. */
      csrfToken?: string;
    }
  }
}

export {};
