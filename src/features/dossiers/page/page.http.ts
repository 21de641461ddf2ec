/**
 * The dossier page over HTTP, for the routes of every feature whose forms are on it
 * (workflow, apology, questions) and of the documents of a dossier (receipts, forms): the
 * dossier id of a path, the access refusal as an HTTP error, and the page rendered from
 * the presenter. A route file imports this, never another route file.
 */
import type { Request, Response } from 'express';
import { notFound } from '../../../web/errors.js';
import { refusalError, statusOf } from '../../../web/refusal.js';
import { REFUSAL_MESSAGES } from '../../../platform/refusal/refusal.js';
import { parseId } from '../../../web/form.js';
import type { Access } from '../dossiers.service.js';
import type { DossierPageState } from './panel.js';
import type { DossierPagePresenter } from './presenter.js';

/** The value of an access check, or the 403/404 page. */
export function unwrap<T>(access: Access<T>): T {
  if (access.ok) return access.value;
  throw refusalError(access);
}

/** The dossier id of a dossier path (`paths.dossiers.*`); anything but a 32-bit positive id is a 404. */
export function dossierId(req: Request): number {
  const id = parseId(req.params.id);
  if (id === null) throw notFound(REFUSAL_MESSAGES.dossierNotFound);
  return id;
}

/** The dossier page for the signed-in staff member, with a success banner or a failed form shown again (its status from the failure's reason). */
export async function renderDossierPage(svc: { dossierPage: DossierPagePresenter }, req: Request, res: Response, id: number, state: DossierPageState = {}): Promise<void> {
  const page = unwrap(await svc.dossierPage.build(req.staff!, id, state));
  res.status(page.reason === null ? 200 : statusOf({ reason: page.reason })).render('dossiers/show', page.locals);
}
