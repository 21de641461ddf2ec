/**
 * The public status page over HTTP, for the features whose forms are on it (public-status:
 * the page and the citizen's question; ratings: the rating form): its headers, its one
 * "Không tìm thấy hồ sơ" page, and the page rendered again with a refused form. It lives in
 * the HTTP kit, not in a feature, so that neither feature imports the other (public-status
 * shows the rating; ratings renders the status page).
 */
import type { Response } from 'express';
import { translatorOf } from './i18n/language.js';

/** The not-found page's title, and the message of its JSON answer. */
export const PUBLIC_NOT_FOUND_TITLE = 'Không tìm thấy hồ sơ';

/** Personal-adjacent pages: not indexed, not kept by shared caches. */
export function publicHeaders(res: Response): void {
  res.set('X-Robots-Tag', 'noindex, nofollow');
  res.set('Cache-Control', 'private, no-cache');
}

/** The public "Không tìm thấy hồ sơ" page (404): a token that leads to no dossier, malformed or unknown. */
export function renderPublicNotFound(res: Response): void {
  res.status(404).render('public/not-found', { title: translatorOf(res).t('notFound.title') });
}

/** The same refusal for a JSON client (the Open311 answer of the status page). */
export function sendPublicNotFoundJson(res: Response): void {
  res.status(404).json({ error: { status: 404, message: translatorOf(res).t('notFound.title') } });
}

/**
 * The status page of `token` with `status` and extra locals (a refused form's state: what was
 * typed, its errors, the refusal's message); the not-found page when the token leads nowhere.
 */
export async function renderStatusPage(
  res: Response,
  byToken: (token: string) => Promise<{ code: string } | undefined>,
  token: string,
  status: number,
  locals: Record<string, unknown> = {},
): Promise<void> {
  const s = await byToken(token);
  if (!s) return renderPublicNotFound(res);
  res.status(status).render('public/status', { title: translatorOf(res).t('status.title', { code: s.code }), s, ...locals });
}
