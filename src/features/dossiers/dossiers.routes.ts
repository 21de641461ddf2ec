import { Router, type Request, type Response } from 'express';
import type { Deps } from '../../deps.js';
import { DOSSIER_STATUSES } from '../../domain/status.js';
import { COMPLETION_LABELS, QUEUE_TAG_LABELS, TRANSITIONS, availableActions, queueTag } from '../../domain/workflow.js';
import { forbidden, notFound } from '../../web/errors.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { calendarService } from '../calendar/calendar.service.js';
import { apologyService } from '../apology/apology.service.js';
import { maskRecipient } from '../notifications/channel.js';
import { messagesForDossier } from '../notifications/notifications.repo.js';
import { workflowService } from '../workflow/workflow.service.js';
import { eventLabel } from './event-labels.js';
import { dossiersService, type Access } from './dossiers.service.js';
import type { SearchRow } from './search.repo.js';
import { parseSearchQuery, searchService } from './search.service.js';

export function parseId(raw: unknown): number | null {
  return typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : null;
}

export function unwrap<T>(access: Access<T>): T {
  if (access.ok) return access.value;
  throw access.reason === 'forbidden' ? forbidden('Hồ sơ này thuộc đơn vị khác.') : notFound('Không tìm thấy hồ sơ.');
}

function optionalId(raw: unknown): number | null {
  return typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : null;
}

/** Office time before the appointment under which a dossier is "due soon": one working day. */
const DUE_SOON_WORKING_DAYS = 1;

export function dossierRoutes(deps: Deps): Router {
  const router = Router();
  const service = dossiersService(deps);
  const search = searchService(deps);
  const workflow = workflowService(deps);
  const calendar = calendarService(deps);
  const apologies = apologyService(deps);
  const staffOnly = requireRole('clerk', 'officer', 'supervisor', 'admin');

  async function renderDossier(req: Request, res: Response, id: number, opts: { error?: string; field?: string; values?: Record<string, string>; status?: number } = {}) {
    const staff = req.staff!;
    const [details, agencies, processingStaff, apology] = await Promise.all([
      service.details(staff, id),
      workflow.assignableAgencies(),
      workflow.processingStaff(),
      apologies.record(id),
    ]);
    const messages = await messagesForDossier(deps.db, id, { publicOnly: false });
    const { dossier, events, remaining, pauses, handovers } = unwrap(details);
    const open = ['received', 'in_progress', 'awaiting_supplement', 'paused'].includes(dossier.status);
    res.status(opts.status ?? 200).render('dossiers/show', {
      title: `Hồ sơ ${dossier.code}`,
      dossier,
      events,
      remaining,
      pauses,
      handovers,
      eventLabel,
      actions: availableActions(dossier.status, staff.role).map((a) => ({ key: a, ...TRANSITIONS[a] })),
      agencies,
      processingStaff,
      completionLabels: COMPLETION_LABELS,
      apology: apology ?? null,
      messages: messages.map((m) => ({ ...m, recipient: staff.role === 'admin' || !m.recipient ? m.recipient : maskRecipient(m.recipient) })),
      canIssueApology: !apology && open && (staff.role === 'officer' || staff.role === 'supervisor'),
      error: opts.error ?? null,
      errorField: opts.field ?? null,
      values: opts.values ?? {},
    });
  }

  router.get(paths.home, staffOnly, (req, res) => {
    const role = req.staff!.role;
    res.redirect(role === 'clerk' ? paths.intake.start : role === 'officer' ? paths.queue : paths.dossiers.list);
  });

  router.get(paths.dossiers.list, staffOnly, async (req, res) => {
    const query = parseSearchQuery(req.query as Record<string, unknown>);
    if (query.q) {
      const id = await search.direct(req.staff!, query.q);
      if (id !== null) {
        res.redirect(paths.dossiers.show(id));
        return;
      }
    }
    const result = await search.search(req.staff!, query);
    const qs = (page: number) => {
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
    res.status(Object.keys(result.errors).length ? 400 : 200).render('dossiers/list', {
      title: 'Tìm kiếm hồ sơ',
      query,
      result,
      statuses: DOSSIER_STATUSES,
      pageUrl: qs,
      errors: result.errors,
    });
  });

  router.get(paths.queue, requireRole('officer', 'supervisor'), async (req, res) => {
    const mine = req.query.xem !== 'don-vi';
    const [{ rows }, cal] = await Promise.all([search.queue(req.staff!, mine), calendar.current()]);
    const now = deps.clock.now();
    const warnMs = DUE_SOON_WORKING_DAYS * cal.dayLengthMs;
    res.render('dossiers/queue', {
      title: mine ? 'Hồ sơ được giao cho tôi' : 'Hồ sơ của đơn vị',
      mine,
      rows: rows.map((r: SearchRow) => ({ ...r, tag: queueTag(cal, now, r.status, r.dueAt, warnMs) })),
      tagLabels: QUEUE_TAG_LABELS,
    });
  });

  router.get('/ho-so/:id', staffOnly, async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Không tìm thấy hồ sơ.');
    await renderDossier(req, res, id);
  });

  router.post('/ho-so/:id/thao-tac', requireRole('clerk', 'officer', 'supervisor'), async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Không tìm thấy hồ sơ.');
    const body = req.body as Record<string, unknown>;
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const version = Number.parseInt(str('version'), 10);
    const result = await workflow.act(
      req.staff!,
      id,
      {
        action: str('action'),
        version: Number.isFinite(version) ? version : -1,
        note: str('note') || null,
        toAgencyId: optionalId(body.to_agency_id),
        toUserId: optionalId(body.to_user_id),
      },
      req.ip ?? null,
    );
    if (result.ok) {
      res.redirect(303, paths.dossiers.show(id));
      return;
    }
    if (result.status === 404) throw notFound(result.message);
    const values = { action: str('action'), note: str('note'), to_agency_id: str('to_agency_id'), to_user_id: str('to_user_id') };
    // On a conflict the form is shown again on the fresh dossier, with what was typed.
    await renderDossier(req, res, id, { error: result.message, field: result.field, values, status: result.status });
  });

  router.get('/ho-so/:id/da-tiep-nhan', staffOnly, async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Không tìm thấy hồ sơ.');
    const dossier = unwrap(await service.forStaff(req.staff!, id));
    res.render('dossiers/confirmation', { title: 'Đã tiếp nhận hồ sơ', dossier });
  });

  return router;
}
