/**
 * Online pre-submission (nộp hồ sơ trực tuyến, checked at the counter):
 *
 * - A citizen (the public form) or the national portal / the province's platform (the API)
 *   files a registration for a procedure that takes it (online level partial or full), at one
 *   receiving agency: the intake's own input, and per checklist row a file or "mang bản giấy".
 *   It gets a registration code, a tracking page (by token) and a notice. No statutory time
 *   counts yet. The web form's nonce files it once; the API's portal code files it once.
 * - The counter: the agency's queue "chờ đối chiếu"; the clerk opens one (by the code typed,
 *   the QR scanned, or the list), checks each original (toàn trình: each file), and receives
 *   it through the intake (received now, channel online: the clock starts then), its files
 *   becoming the dossier's (dossier_files, source online|api); or refuses it; or (toàn trình)
 *   asks the citizen for a supplement on the tracking page.
 * - The `online` job expires what was not brought in within N working days, telling the
 *   citizen before it does.
 */
import { checkFormNonce, issueFormNonce, type FormNonceCheck } from '../../domain/form-nonce.js';
import QRCode from 'qrcode';
import type { Deps } from '../../deps.js';
import { allowsPresubmission, expiryOf, newRegistrationCode, type PresubmissionSource } from '../../domain/presubmission.js';
import { newPublicToken } from '../../domain/public-token.js';
import type { StaffUser } from '../../domain/roles.js';
import { formatDateTimeVn } from '../../domain/time.js';
import type { MessagingService } from '../../platform/messaging/messaging.service.js';
import { refuse, type Outcome } from '../../platform/refusal/refusal.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { CatalogueService } from '../catalogue/catalogue.service.js';
import type { Procedure } from '../catalogue/catalogue.types.js';
import type { IntakeInput } from '../intake/intake.schema.js';
import type { IntakeService } from '../intake/intake.service.js';
import { presubmissionCounts, presubmissionNote } from './online-report.repo.js';
import { onlineRepo, type NewPresubmissionDocument, type PresubmissionDocument, type PresubmissionRow, type QueueLine } from './online.repo.js';
import type { CitizenDocument } from './online.schema.js';

export const ONLINE_MESSAGES = {
  notOnline: 'Thủ tục này chưa cho phép nộp hồ sơ trực tuyến. Ông/Bà vui lòng nộp trực tiếp tại Bộ phận Một cửa.',
  notFound: 'Không tìm thấy hồ sơ đăng ký trực tuyến này ở đơn vị của bạn.',
  lookupNotFound: 'Không có hồ sơ đăng ký trực tuyến nào của đơn vị mang mã này.',
  notWaiting: 'Hồ sơ đăng ký này không còn chờ đối chiếu (đã tiếp nhận, từ chối hoặc hết hạn).',
  notFull: 'Chỉ thủ tục trực tuyến toàn trình mới yêu cầu bổ sung qua trang theo dõi; thủ tục khác hướng dẫn bổ sung tại quầy.',
  formForeign: 'Biểu mẫu này đã cũ hoặc được mở ở trình duyệt khác. Vui lòng kiểm tra lại thông tin, chọn lại tệp và gửi lại.',
  notInCatalogue: 'Đơn vị của bạn không tiếp nhận thủ tục của hồ sơ này.',
  fileMissing: 'Không tìm thấy tệp.',
} as const;

export interface OnlineProcedure {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  onlineLevel: 'partial' | 'full';
  agencies: Array<{ id: number; name: string; address: string }>;
  /** The checklist (of the first receiving agency's catalogue: every agency receives the same procedure). */
  documents: Procedure['documents'];
}

export interface Registration extends PresubmissionRow {
  documents: PresubmissionDocument[];
  input: IntakeInput;
}

export interface OnlineWiring {
  intake: Pick<IntakeService, 'receiveTogether'>;
  catalogue: Pick<CatalogueService, 'procedureForAgency'>;
  calendar: Pick<CalendarService, 'current'>;
  messaging: Pick<MessagingService, 'notifyContact'>;
  /** The application's signing key (the form's nonces). */
  secret: () => Promise<string>;
}

/** What filing a registration needs, whichever way it came. */
export interface NewRegistration {
  source: PresubmissionSource;
  procedure: OnlineProcedure;
  agencyId: number;
  input: IntakeInput;
  documents: CitizenDocument[];
  formNonce: string | null;
  portalCode: string | null;
  apiKeyId: number | null;
}

class NotWaiting extends Error {}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

export function onlineService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, wiring: OnlineWiring) {
  const { clock, config } = deps;
  const repo = onlineRepo(deps.db);
  const trackUrl = (token: string) => absoluteUrl(config.server.publicBaseUrl, paths.online.track(token));

  async function procedure(code: string): Promise<OnlineProcedure | undefined> {
    const p = await repo.procedureByCode(code);
    if (!p || !allowsPresubmission(p.onlineLevel) || p.agencies.length === 0) return undefined;
    const full = await wiring.catalogue.procedureForAgency(p.agencies[0]!.id, p.code);
    if (!full) return undefined;
    return { ...p, onlineLevel: p.onlineLevel, documents: full.documents };
  }

  /** Files one registration: its row, its documents and the citizen's notice, in one transaction. Retries a colliding code. */
  async function file(r: NewRegistration): Promise<{ id: number; token: string; code: string }> {
    const now = clock.now();
    const cal = await wiring.calendar.current();
    const expiresAt = expiryOf(cal, now, config.online.expiryWorkingDays);
    const agency = r.procedure.agencies.find((a) => a.id === r.agencyId)!;
    const documents: NewPresubmissionDocument[] = r.documents.map((d) => ({
      position: d.position,
      name: d.name.slice(0, 500),
      paper: d.paper,
      sha256: d.file?.sha256 ?? null,
      kind: d.file?.kind ?? null,
      size: d.file?.size ?? null,
      file_name: d.file?.name.slice(0, 200) ?? null,
    }));
    for (let attempt = 0; ; attempt++) {
      const code = newRegistrationCode(now);
      const token = newPublicToken();
      try {
        const id = await repo.transaction(async (trx) => {
          const id = await repo.insert(
            trx,
            {
              code,
              public_token: token,
              source: r.source,
              form_nonce: r.formNonce,
              portal_code: r.portalCode,
              api_key_id: r.apiKeyId,
              procedure_id: r.procedure.id,
              agency_id: r.agencyId,
              online_level: r.procedure.onlineLevel,
              applicant_name: r.input.applicantName,
              applicant_phone: r.input.phone || null,
              applicant_email: r.input.email,
              input_json: JSON.stringify(r.input),
              submitted_at: now,
              expires_at: expiresAt,
            },
            documents,
          );
          const nextStep =
            r.procedure.onlineLevel === 'full'
              ? `${agency.name} sẽ kiểm tra hồ sơ qua tệp đính kèm và thông báo kết quả; Ông/Bà không cần đến nộp`
              : `Vui lòng mang bản chính các giấy tờ đến ${agency.name} để đối chiếu, xuất trình mã đăng ký`;
          await wiring.messaging.notifyContact(trx, {
            contact: { phone: r.input.phone || null, email: r.input.email },
            template: 'online_submitted',
            data: { code, procedure: r.procedure.name, next_step: nextStep, expires: formatDateTimeVn(expiresAt), track_url: trackUrl(token) },
            reference: code,
            key: `online_submitted:${id}`,
            now,
          });
          return id;
        });
        return { id, token, code };
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= 3) throw err;
        // A nonce or portal code filed by a racing request: the caller looks it up again.
        if (r.formNonce && (await repo.tokenByNonce(r.formNonce))) throw err;
        if (r.portalCode && (await repo.byPortalCode(r.portalCode))) throw err;
      }
    }
  }

  async function registration(row: PresubmissionRow | undefined): Promise<Registration | undefined> {
    if (!row) return undefined;
    return { ...row, documents: await repo.documents(row.id), input: JSON.parse(row.inputJson) as IntakeInput };
  }

  async function waitingOf(staff: StaffUser, id: number): Promise<Outcome<Registration, 'not_found' | 'conflict'>> {
    const r = await registration(await repo.ofAgency(staff.agencyId, id));
    if (!r) return refuse('not_found', ONLINE_MESSAGES.notFound);
    if (r.status !== 'waiting') return refuse('conflict', ONLINE_MESSAGES.notWaiting);
    return { ok: true, value: r };
  }

  return {
    procedure,

    /** A fresh nonce for a form page shown to `visitor` (its CSRF cookie id): one registration per nonce. */
    newNonce: async (visitor: string): Promise<string> => issueFormNonce(await wiring.secret(), visitor, clock.now()),
    checkNonce: async (visitor: string, nonce: string): Promise<FormNonceCheck> => checkFormNonce(await wiring.secret(), visitor, nonce, clock.now()),

    /** The QR of a tracking link (a PNG data URL): the citizen's phone opens it, the counter's scanner types it. */
    qrOf: (token: string): Promise<string> => QRCode.toDataURL(trackUrl(token), { errorCorrectionLevel: 'M', margin: 4, scale: 5 }),

    trackUrl,

    /**
     * A citizen's form, validated, filed once per nonce: `nonceId` is the nonce's random part
     * (the route checked the nonce against the visitor). Returns the tracking token; `duplicate`
     * when this nonce had already filed (a double submit: nothing more is filed).
     */
    async submitWeb(p: OnlineProcedure, form: { agencyId: number; input: IntakeInput; documents: CitizenDocument[] }, nonceId: string): Promise<{ token: string; duplicate: boolean }> {
      const earlier = await repo.tokenByNonce(nonceId);
      if (earlier) return { token: earlier, duplicate: true };
      try {
        const filed = await file({ source: 'web', procedure: p, agencyId: form.agencyId, input: form.input, documents: form.documents, formNonce: nonceId, portalCode: null, apiKeyId: null });
        return { token: filed.token, duplicate: false };
      } catch (err) {
        const other = isUniqueViolation(err) ? await repo.tokenByNonce(nonceId) : undefined;
        if (other) return { token: other, duplicate: true };
        throw err;
      }
    },

    /** Whether a nonce already filed a registration (its token). */
    tokenByNonce: (nonceId: string) => repo.tokenByNonce(nonceId),

    /** A registration from the API, filed once per portal code. */
    async submitApi(r: Omit<NewRegistration, 'source' | 'formNonce'> & { portalCode: string }): Promise<{ created: boolean; code: string; token: string; status: string }> {
      const earlier = await repo.byPortalCode(r.portalCode);
      if (earlier) return { created: false, code: earlier.code, token: earlier.token, status: earlier.status };
      try {
        const filed = await file({ ...r, source: 'api', formNonce: null });
        return { created: true, code: filed.code, token: filed.token, status: 'waiting' };
      } catch (err) {
        const other = isUniqueViolation(err) ? await repo.byPortalCode(r.portalCode) : undefined;
        if (other) return { created: false, code: other.code, token: other.token, status: other.status };
        throw err;
      }
    },

    byPortalCode: (portalCode: string) => repo.byPortalCode(portalCode),

    /** An active agency by its electronic id (mã định danh), as the API names it. */
    agencyIdByEid: (eid: string) => repo.agencyIdByEid(eid),

    /** The tracking page's registration (the token is the key). */
    byToken: async (token: string): Promise<Registration | undefined> => registration(await repo.byToken(token)),

    /** A file of the registration the token opens (none once refused or expired). */
    documentOfToken: (token: string, documentId: number) => repo.documentOfToken(token, documentId),

    // ------------------------------------------------------------------ the counter

    queue: (staff: StaffUser): Promise<QueueLine[]> => repo.waiting(staff.agencyId),
    countWaiting: (staff: StaffUser): Promise<number> => repo.countWaiting(staff.agencyId),

    /** The registration of the clerk's agency the lookup names (a code typed, a QR scanned). */
    async find(staff: StaffUser, by: { code: string } | { token: string }): Promise<Outcome<number, 'not_found'>> {
      const id = await repo.idOfAgency(staff.agencyId, by);
      return id === undefined ? refuse('not_found', ONLINE_MESSAGES.lookupNotFound) : { ok: true, value: id };
    },

    /** One registration of the clerk's agency, with the procedure as the agency receives it (null: no longer in its catalogue). */
    async view(staff: StaffUser, id: number): Promise<Outcome<{ registration: Registration; procedure: Procedure | null }, 'not_found'>> {
      const r = await registration(await repo.ofAgency(staff.agencyId, id));
      if (!r) return refuse('not_found', ONLINE_MESSAGES.notFound);
      return { ok: true, value: { registration: r, procedure: (await wiring.catalogue.procedureForAgency(staff.agencyId, r.procedureCode)) ?? null } };
    },

    /** A file of the clerk's agency's registrations. */
    documentOfAgency: (staff: StaffUser, documentId: number) => repo.documentOfAgency(staff.agencyId, documentId),

    /**
     * Receives a waiting registration as the clerk filled the intake form (every document
     * checked): a dossier received now, channel online, its files attached; the registration
     * received. A second receipt (a double click, two clerks) finds the dossier of the first.
     */
    async receive(staff: StaffUser, id: number, input: IntakeInput, ip: string | null): Promise<Outcome<{ dossierId: number; created: boolean }, 'not_found' | 'conflict'>> {
      const r = await registration(await repo.ofAgency(staff.agencyId, id));
      if (!r) return refuse('not_found', ONLINE_MESSAGES.notFound);
      if (r.status === 'received' && r.dossierId !== null) return { ok: true, value: { dossierId: r.dossierId, created: false } };
      if (r.status !== 'waiting') return refuse('conflict', ONLINE_MESSAGES.notWaiting);
      const files = r.documents.filter((d) => d.sha256 !== null).map((d) => ({ position: d.position, sha256: d.sha256!, kind: d.kind!, size: d.size ?? 0, name: d.fileName ?? d.name }));
      try {
        const done = await wiring.intake.receiveTogether(staff, [{ procedureCode: r.procedureCode, input, intakeKey: null }], { channel: 'online', ip }, async (trx, [dossierId], at) => {
          if (!(await repo.markReceived(trx, r.id, dossierId!, staff.id, at))) throw new NotWaiting();
          await repo.attachFiles(trx, dossierId!, files, r.source === 'api' ? 'api' : 'online', staff.id, at);
        });
        if (!done.ok) return refuse('conflict', ONLINE_MESSAGES.notInCatalogue);
        return { ok: true, value: { dossierId: done.dossierIds[0]!, created: true } };
      } catch (err) {
        if (!(err instanceof NotWaiting)) throw err;
        const now = await repo.ofAgency(staff.agencyId, id);
        if (now?.status === 'received' && now.dossierId !== null) return { ok: true, value: { dossierId: now.dossierId, created: false } };
        return refuse('conflict', ONLINE_MESSAGES.notWaiting);
      }
    },

    /** Refuses a waiting registration, telling the citizen why. */
    async refuse(staff: StaffUser, id: number, reason: string): Promise<Outcome<true, 'not_found' | 'conflict'>> {
      const w = await waitingOf(staff, id);
      if (!w.ok) return w;
      const r = w.value;
      const now = clock.now();
      const closed = await repo.transaction(async (trx) => {
        if (!(await repo.close(trx, r.id, 'refused', { staffId: staff.id, at: now, reason }))) return false;
        await wiring.messaging.notifyContact(trx, {
          contact: { phone: r.applicantPhone, email: r.applicantEmail },
          template: 'online_refused',
          data: { code: r.code, reason, track_url: trackUrl(r.publicToken) },
          reference: r.code,
          key: `online_refused:${r.id}`,
          now,
        });
        return true;
      });
      return closed ? { ok: true, value: true } : refuse('conflict', ONLINE_MESSAGES.notWaiting);
    },

    /** Toàn trình: asks the citizen to supplement or correct, on the tracking page. */
    async requestSupplement(staff: StaffUser, id: number, text: string): Promise<Outcome<true, 'not_found' | 'conflict' | 'invalid'>> {
      const w = await waitingOf(staff, id);
      if (!w.ok) return w;
      const r = w.value;
      if (r.onlineLevel !== 'full') return refuse('invalid', ONLINE_MESSAGES.notFull);
      const now = clock.now();
      if (!(await repo.setSupplement(r.id, text, now))) return refuse('conflict', ONLINE_MESSAGES.notWaiting);
      await repo.transaction((trx) =>
        wiring.messaging.notifyContact(trx, {
          contact: { phone: r.applicantPhone, email: r.applicantEmail },
          template: 'online_supplement',
          data: { code: r.code, track_url: trackUrl(r.publicToken) },
          reference: r.code,
          key: `online_supplement:${r.id}:${now.getTime()}`,
          now,
        }),
      );
      return { ok: true, value: true };
    },

    // ------------------------------------------------------------------ the job

    /** Tells the citizens whose registration expires soon (once each), then expires what is past its date. */
    async sweep(now: Date): Promise<{ online_expiring_notified: number; online_expired: number }> {
      let notified = 0;
      let expired = 0;
      const noticeDays = config.online.expiryNoticeWorkingDays;
      if (noticeDays > 0) {
        const cal = await wiring.calendar.current();
        // Expiring by the end of the noticeDays-th working day from today.
        const horizon = expiryOf(cal, now, noticeDays);
        for (const r of await repo.dueForNotice(horizon, 500)) {
          const stored = await repo.transaction(async (trx) => {
            if (!(await repo.claimNotice(trx, r.id, now))) return false;
            await wiring.messaging.notifyContact(trx, {
              contact: { phone: r.applicant_phone, email: r.applicant_email },
              template: 'online_expiring',
              data: { code: r.code, expires: formatDateTimeVn(r.expires_at), track_url: trackUrl(r.public_token) },
              reference: r.code,
              key: `online_expiring:${r.id}`,
              now,
            });
            return true;
          });
          if (stored) notified++;
        }
      }
      for (const r of await repo.dueToExpire(now, 500)) {
        const done = await repo.transaction(async (trx) => {
          if (!(await repo.close(trx, r.id, 'expired', { staffId: null, at: now, reason: null }))) return false;
          await wiring.messaging.notifyContact(trx, {
            contact: { phone: r.applicant_phone, email: r.applicant_email },
            template: 'online_expired',
            data: { code: r.code, track_url: trackUrl(r.public_token) },
            reference: r.code,
            key: `online_expired:${r.id}`,
            now,
          });
          return true;
        });
        if (done) expired++;
      }
      return { online_expiring_notified: notified, online_expired: expired };
    },

    /** Registrations filed in the period, and received, refused and expired in it (of the scope's agency and procedure). */
    counts: (period: { from: Date; to: Date }, scope: { agencyId?: number; procedureCode?: string }) => presubmissionCounts(deps.db, period, scope),

    /** The processing report's line: filed, received, refused, expired in the period (of the report's agency and procedure). */
    reportNote: async (period: { from: Date; to: Date }, scope: { agencyId?: number; procedureCode?: string }): Promise<string> => presubmissionNote(await presubmissionCounts(deps.db, period, scope)),
  };
}

export type OnlineService = ReturnType<typeof onlineService>;
