import crypto from 'node:crypto';
import type { Clock } from '../deps.js';
import { settingsRepo } from './settings.repo.js';

/**
 * The application's signing key: CSRF_SECRET when configured (required in production), else
 * one generated on first use and kept in the database (`settings.csrf_secret`), so that every
 * instance and restart of an embedded installation signs alike. Read once, then kept (a
 * failed read is tried again). Each use signs its own labelled message (CSRF tokens, the
 * petition form's nonces), so one signature never stands for another.
 */
export function appSecretSource(configured: string | null, db: Parameters<typeof settingsRepo>[0], clock: Clock): () => Promise<string> {
  if (configured) return () => Promise.resolve(configured);
  let secret: Promise<string> | null = null;
  return () => {
    secret ??= settingsRepo(db)
      .getOrCreate('csrf_secret', () => crypto.randomBytes(32).toString('base64url'), clock.now())
      .catch((err: unknown) => {
        secret = null;
        throw err;
      });
    return secret;
  };
}
