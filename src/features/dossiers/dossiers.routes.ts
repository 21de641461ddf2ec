import { Router, type Request, type Response } from 'express';
import { DOSSIER_STATUSES, isOpen } from '../../domain/status.js';
import { TRANSITIONS } from '../../domain/workflow.js';
import type { Services } from '../../services.js';
import { forbidden, notFound } from '../../web/errors.js';
import { parseId, str, type FieldErrors, type FormValues } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { doneMessage, eventLabel } from './event-labels.js';
import type { Access } from './dossiers.service.js';
import { parseSearch, type SearchQuery } from './dossiers.schema.js';

export function unwrap<T>(access: Access<T>): T {
  if (access.ok) return access.value;
  throw access.reason === 'forbidden' ? forbidden('Hồ sơ này thuộc đơn vị khác.') : notFound('Không tìm thấy hồ sơ.');
}

/** The dossier id of a dossier path (`paths.dossiers.*`); anything but a 32-bit positive id is a 404. */
export function dossierId(req: Request): number {
  const id = parseId(req.params.id);
  if (id === null) throw notFound('Không tìm thấy hồ sơ.');
  return id;
}

export interface DossierPageOptions {
  /** An action's refusal: its message, the field it is about, and what was typed. */
  error?: string;
  field?: string;
  values?: Record<string, string>;
  status?: number;
  /** The apology form's refusal: messages by field (reason, new_date, new_time) and what was typed. */
  apology?: { errors: FieldErrors; values: FormValues };
  /** The `xong` value after an action (paths.dossiers.done): the success banner's key. */
  done?: string;
  /** A refused or held answer to a citizen's question: which question, what was typed, why. */
  question?: { id: number; values: FormValues; errors: FieldErrors; message: string | null; held: boolean };
}

/** The element id of each apology field on the dossier page (the error summary links to it). */
const APOLOGY_FIELD_IDS: Record<string, string> = { reason: 'apology-reason', new_date: 'apology-date', new_time: 'apology-time' };
/** The fields of an action's form that carry their own element id (`<field>-<action>`). */
const ACTION_FIELDS = ['to_agency_id', 'to_user_id', 'note', 'reason', 'override_reason'];

/**
 * The locals of the page's one error summary (views/partials/error-summary.ejs), at the top
 * of the page whichever of its forms failed: an action's refusal (linked to its field when
 * the action's form is still on the page), the apology form's errors, or a refused or held
 * answer to a citizen's question (linked to the confirmation box when held).
 */
function pageSummary(opts: DossierPageOptions, actions: readonly string[]) {
  if (opts.error) {
    const action = opts.values?.action ?? '';
    const field = opts.field && ACTION_FIELDS.includes(opts.field) && actions.includes(action) ? opts.field : null;
    if (field) return { errors: { [field]: opts.error }, summaryIds: { [field]: `${field}-${action}` } };
    return { errors: {}, summaryMessage: opts.error };
  }
  if (opts.apology) return { errors: opts.apology.errors, summaryOrder: Object.keys(APOLOGY_FIELD_IDS), summaryIds: APOLOGY_FIELD_IDS };
  const q = opts.question;
  if (q) {
    return {
      errors: q.errors,
      summaryIds: { noi_dung: `noi_dung-${q.id}`, loai: `loai-${q.id}-tl`, xac_nhan: `xac_nhan-${q.id}` },
      summaryMessage: q.message,
      summaryMessageHref: q.held ? `#xac_nhan-${q.id}` : `#cau-hoi-${q.id}`,
    };
  }
  return { errors: {} };
}

/** The dossier page, optionally with an action's refusal and what was typed, or a success banner. */
export async function renderDossier(svc: Services, req: Request, res: Response, id: number, opts: DossierPageOptions = {}): Promise<void> {
  const staff = req.staff!;
  const { dossier, events, time, pauses, handovers } = unwrap(await svc.dossiers.details(staff, id));
  const [options, apology, messages, actions, supplement, questions] = await Promise.all([
    svc.workflow.assignmentOptions(dossier),
    svc.apology.record(id),
    svc.notifications.forDossier(staff, id),
    svc.workflow.actionsFor(staff, dossier),
    svc.workflow.supplementState(id),
    svc.questions.staffThread(id),
  ]);
  const apologyErrors = opts.apology?.errors ?? {};
  res.status(opts.status ?? 200).render('dossiers/show', {
    title: `Hồ sơ ${dossier.code}`,
    dossier,
    time,
    events,
    pauses,
    handovers,
    eventLabel,
    actions: actions.map((a) => ({ key: a, ...TRANSITIONS[a] })),
    // The supplement request form: its round, and a supervisor's override field after the first (Decree 118).
    supplement,
    cutoffLabel: clockLabel(svc.config.sameDayCutoffMinute),
    agencies: options.agencies,
    processingStaff: options.staff,
    apology: apology ?? null,
    messages,
    // The apology's side (domain.md "Being late"): the head issues, officers of the processing side prepare.
    apologyRole: !apology && isOpen(dossier.status) ? svc.apology.roleOf(staff, dossier) : null,
    error: opts.error ?? null,
    errorField: opts.field ?? null,
    values: opts.values ?? {},
    apologyErrors,
    summary: pageSummary(opts, actions),
    apologyValues: opts.apology?.values ?? {},
    doneMessage: opts.done ? doneMessage(opts.done) : null,
    questions,
    questionForm: opts.question ?? null,
  });
}

/** "15:00" for a minute of the day. */
function clockLabel(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** The list page's link to another page of the same search. */
function pageLink(query: SearchQuery) {
  return (page: number) => {
    const p = new URLSearchParams();
    if (query.q) p.set('q', query.q);
    if (query.status) p.set('trang_thai', query.status);
    if (query.procedure) p.set('thu_tuc', query.procedure);
    if (query.from) p.set('tu_ngay', query.from);
    if (query.to) p.set('den_ngay', query.to);
    if (query.overdue) p.set('qua_han', '1');
    p.set('trang', String(page));
    return `${paths.dossiers.list}?${p.toString()}`;
  };
}

export function dossierRoutes(svc: Services): Router {
  const router = Router();
  const staffOnly = requireRole('clerk', 'officer', 'supervisor', 'admin');

  router.get(paths.dossiers.list, staffOnly, async (req, res) => {
    const { query, input, errors } = parseSearch(req.query as Record<string, unknown>);
    if (!input) {
      // Refused before any query is run: the form again, with the messages.
      res.status(400).render('dossiers/list', { title: 'Tìm kiếm hồ sơ', query, result: { total: 0, rows: [], pages: 0 }, statuses: DOSSIER_STATUSES, pageUrl: pageLink(query), errors });
      return;
    }
    if (input.q) {
      const id = await svc.search.direct(req.staff!, input.q);
      if (id !== null) {
        res.redirect(paths.dossiers.show(id));
        return;
      }
    }
    const result = await svc.search.search(req.staff!, input);
    res.render('dossiers/list', { title: 'Tìm kiếm hồ sơ', query, result, statuses: DOSSIER_STATUSES, pageUrl: pageLink(query), errors });
  });

  router.get(paths.dossiers.show.pattern, staffOnly, async (req, res) => {
    await renderDossier(svc, req, res, dossierId(req), { done: str(req.query as Record<string, unknown>, 'xong') });
  });

  router.get(paths.dossiers.confirmation.pattern, staffOnly, async (req, res) => {
    const dossier = unwrap(await svc.dossiers.forStaff(req.staff!, dossierId(req)));
    res.render('dossiers/confirmation', { title: 'Đã tiếp nhận hồ sơ', dossier });
  });

  return router;
}
