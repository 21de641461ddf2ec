/**
 * Apologies for late dossiers (domain.md "Being late"):
 * - the job prepares a draft (proposed new date, reason to fill in) in the head's list
 *   ("Phiếu xin lỗi chờ ký") some working days before the appointment;
 * - officers of the processing (or assigned) agency prepare or edit the draft — the reason
 *   and the proposed date — but do not issue;
 * - only the head (a supervisor of the processing or assigned agency) issues it: once, with
 *   a reason and a later appointment; it gets its number "<n>/PXL", the head's name and
 *   title, and is marked late when issued after the working day before the appointment;
 * - the system issues it only where the province delegates that (the sweep, inside its
 *   transaction); apologies the system issued before stay, labelled as the system's;
 * - the printed form, in full for staff and for the public QR link with the masked name only
 *   (issue 11 #1: the token is reachable with the dossier code and four phone digits).
 */
import { isWellFormedToken } from '../../domain/public-token.js';
import type { Deps } from '../../deps.js';
import { issueDeadline, isIssuedLate } from '../../domain/apology.js';
import type { WorkingCalendar } from '../../domain/calendar.js';
import { parseDossierCode } from '../../domain/dossier-code.js';
import { formInfo } from '../../domain/forms.js';
import { maskName } from '../../domain/masking.js';
import type { StaffUser } from '../../domain/roles.js';
import { isOpen } from '../../domain/status.js';
import { formatDateTimeVn, localDateOf } from '../../domain/time.js';
import type { Parsed } from '../../web/form.js';
import { renderApology } from '../../pdf/apology.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { dossiersRepo, type Dossier } from '../dossiers/dossiers.repo.js';
import { canSeeDossier } from '../dossiers/dossiers.service.js';
import { issueApology, type ApologyNotifier, type ApologyTarget } from './apology.js';
import { apologyRepo, type ApologyRow, type DraftListRow, type DraftRow } from './apology.repo.js';
import type { ApologyInput } from './apology.schema.js';
import { refuse, REFUSAL_MESSAGES, type Refusal } from '../../platform/refusal/refusal.js';

export interface ApologyRecord extends ApologyRow {
  /** Issued by motcua itself (issued_by null): labelled "do hệ thống phát hành". */
  bySystem: boolean;
}

/** Why an apology is refused (conflict: the dossier is finished, or already has its one apology; invalid: a field). */
export type ApologyRefusal = Refusal<'not_found'> | Refusal<'forbidden'> | Refusal<'conflict'> | (Refusal<'invalid'> & { field: string });

export type PdfResult = { ok: true; code: string; pdf: Buffer } | Refusal<'not_found' | 'forbidden'>;

const NO_APOLOGY = 'Hồ sơ này không có phiếu xin lỗi.';

/** What a member of staff may do with a dossier's apology: issue it (the head), prepare the draft (an officer), or nothing. */
export type ApologyRole = 'head' | 'preparer' | null;

/** The processing agency and the agency now holding the dossier: their heads issue, their officers prepare. */
function ofProcessingSide(staff: StaffUser, d: Pick<Dossier, 'processingAgencyId' | 'assignedAgency'>): boolean {
  return staff.agencyId === d.processingAgencyId || (d.assignedAgency !== null && staff.agencyId === d.assignedAgency.id);
}

export function apologyRoleOf(staff: StaffUser, d: Pick<Dossier, 'processingAgencyId' | 'assignedAgency'>): ApologyRole {
  if (!ofProcessingSide(staff, d)) return null;
  if (staff.role === 'supervisor') return 'head';
  if (staff.role === 'officer') return 'preparer';
  return null;
}

export const ONLY_HEAD_ISSUES = 'Chỉ thủ trưởng (lãnh đạo) cơ quan giải quyết ký phát hành phiếu xin lỗi; chuyên viên lập dự thảo để lãnh đạo ký.';
const NOT_PROCESSING_SIDE = 'Phiếu xin lỗi do cơ quan giải quyết hồ sơ lập và phát hành.';
const ALREADY = 'Hồ sơ đã có phiếu xin lỗi: ngày hẹn chỉ được đặt lại một lần. Lần chậm tiếp theo do lãnh đạo xử lý.';
const FINISHED = 'Hồ sơ đã kết thúc xử lý, không phát hành phiếu xin lỗi.';

/** One dossier's draft page: the facts, the draft (or the proposal when none is stored), and what the viewer may do. */
export interface DraftPage {
  dossier: Dossier;
  draft: DraftRow | null;
  proposedDueAt: Date;
  reason: string;
  role: Exclude<ApologyRole, null>;
  /** The last day to issue on time, and whether issuing now would be late. */
  deadline: string;
  /** The appointment came less than a working day after the receipt: the deadline is the first working day from the receipt, not the day before the appointment. */
  deadlineShortened: boolean;
  lateIfIssuedNow: boolean;
  /** The head's title as it will be printed ('' when the administrator has not set one); null for an officer. */
  signerTitle: string | null;
}

export function apologyService(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  wiring: { notifications: ApologyNotifier; calendar: Pick<CalendarService, 'current'> },
) {
  const { db } = deps;
  const dossiers = dossiersRepo(db);
  const repo = apologyRepo(db);
  const numbering = { formNumbering: deps.config.forms.numbering, formSuffixes: deps.config.forms.suffixes };

  async function pdfFor(d: Dossier, a: ApologyRow, copy: 'full' | 'public'): Promise<Buffer> {
    const agency = await repo.agency(d.processingAgencyId);
    const form = formInfo('apology', deps.config.forms.numbering, deps.config.forms.suffixes);
    // The stored number prints as stored (its suffix as it was then); older apologies kept the dossier's sequence.
    const cut = a.number ? a.number.lastIndexOf('/') : -1;
    const sequence = a.number ? (cut >= 0 ? a.number.slice(0, cut) : a.number) : String(parseDossierCode(d.code)?.sequence ?? '').padStart(4, '0');
    const suffix = a.number ? (cut >= 0 ? a.number.slice(cut + 1) : '') : form.suffix;
    return renderApology({
      code: d.code,
      form: { ...form, suffix },
      sequence,
      governingBody: agency?.governingBody ?? '',
      agencyName: agency?.name ?? '',
      placeName: agency?.placeName ?? '',
      issuedAt: a.issuedAt,
      applicant: copy === 'full' ? { name: d.applicant.name, idNumber: d.applicant.idNumber } : { name: maskName(d.applicant.name), idNumber: null },
      receivingUnit: d.agency.name,
      procedureName: d.procedure.name,
      receivedAt: d.receivedAt,
      originalDueAt: a.previousDueAt,
      newDueAt: a.newDueAt,
      reason: a.reason,
      signerName: a.issuedBy,
      signerTitle: a.signerTitle,
      issuedBySystem: a.issuedById === null,
      electronic: copy === 'public',
    });
  }

  /** Who may act on the dossier's apology and whether it can still have one: access first, then state. */
  async function access(staff: StaffUser, id: number): Promise<{ ok: true; d: Dossier; role: Exclude<ApologyRole, null> } | ApologyRefusal> {
    const d = await dossiers.byId(id);
    if (!d) return refuse('not_found', REFUSAL_MESSAGES.dossierNotFound);
    if (!canSeeDossier(staff, d)) return refuse('forbidden', REFUSAL_MESSAGES.dossierOtherAgency);
    const role = apologyRoleOf(staff, d);
    if (!role) return refuse('forbidden', NOT_PROCESSING_SIDE);
    if (!isOpen(d.status)) return refuse('conflict', FINISHED);
    if (d.extendedDueAt !== null || (await repo.forDossier(id))) return refuse('conflict', ALREADY);
    return { ok: true, d, role };
  }

  /** Access, state and the form's own errors, in that order (access before errors count). */
  async function check(staff: StaffUser, id: number, input: Parsed<ApologyInput>): Promise<{ ok: true; d: Dossier; role: Exclude<ApologyRole, null>; value: ApologyInput } | ApologyRefusal> {
    const allowed = await access(staff, id);
    if (!allowed.ok) return allowed;
    const { d, role } = allowed;
    if (!input.ok) {
      const field = 'reason' in input.errors ? 'reason' : (Object.keys(input.errors)[0] ?? 'reason');
      return { ...refuse('invalid', input.errors[field] ?? REFUSAL_MESSAGES.invalid), field: field === 'new_time' ? 'new_date' : field };
    }
    const { newDueAt } = input.value;
    if (newDueAt.getTime() <= Math.max(deps.clock.now().getTime(), d.dueAt.getTime())) {
      return { ...refuse('invalid', `Ngày hẹn mới phải sau ngày hẹn hiện tại (${formatDateTimeVn(d.dueAt)}).`), field: 'new_date' };
    }
    return { ok: true, d, role, value: input.value };
  }

  async function proposal(cal: WorkingCalendar, d: Dossier): Promise<Date> {
    const days = Math.max(1, await repo.extensionDays(d.id));
    return cal.addWorkingTime(d.dueAt, days * cal.dayLengthMs);
  }

  return {
    /** The dossier's apology, if it has one (the dossier page). */
    async record(dossierId: number): Promise<ApologyRecord | undefined> {
      const a = await repo.forDossier(dossierId);
      return a ? { ...a, bySystem: a.issuedById === null } : undefined;
    },

    /** What `staff` may do with a dossier's apology (the dossier page's form). */
    roleOf: apologyRoleOf,

    /**
     * The head issues the apology: once, with a reason and a later appointment. `input` is
     * the parsed form; access is checked before its errors count. Officers are refused
     * (they save the draft instead: saveDraft).
     */
    async issue(staff: StaffUser, id: number, input: Parsed<ApologyInput>, ip: string | null): Promise<{ ok: true; issuedLate: boolean } | ApologyRefusal> {
      const c = await check(staff, id, input);
      if (!c.ok) return c;
      if (c.role !== 'head') return refuse('forbidden', ONLY_HEAD_ISSUES);
      const now = deps.clock.now();
      const cal = await wiring.calendar.current();
      const signer = await repo.signer(staff.id);
      const target: ApologyTarget = { id: c.d.id, dueAt: c.d.dueAt, receivedAt: c.d.receivedAt, processingAgencyId: c.d.processingAgencyId };
      const issued = await db.transaction((trx) =>
        issueApology(trx, wiring.notifications, target, { issuedBy: staff.id, signerTitle: signer?.jobTitle ?? null, reason: c.value.reason, newDueAt: c.value.newDueAt, now, ip, cal, numbering }),
      );
      if (!issued) return refuse('conflict', ALREADY);
      return { ok: true, issuedLate: isIssuedLate(cal, now, c.d.receivedAt, c.d.dueAt) };
    },

    /** An officer (or the head) saves the draft's reason and proposed date for the head to sign. */
    async saveDraft(staff: StaffUser, id: number, input: Parsed<ApologyInput>): Promise<{ ok: true; code: string } | ApologyRefusal> {
      const c = await check(staff, id, input);
      if (!c.ok) return c;
      await repo.saveDraft(id, c.value.newDueAt, c.value.reason, staff.id, deps.clock.now());
      return { ok: true, code: c.d.code };
    },

    /** The head's list (and the officers' view of it): drafts of open dossiers of the viewer's agency. */
    async drafts(staff: StaffUser): Promise<{ ok: true; rows: Array<DraftListRow & { deadline: string; late: boolean }> } | ApologyRefusal> {
      if (staff.role !== 'supervisor' && staff.role !== 'officer') return refuse('forbidden', 'Danh sách dành cho lãnh đạo và chuyên viên cơ quan giải quyết.');
      const cal = await wiring.calendar.current();
      const today = localDateOf(deps.clock.now());
      const rows = await repo.draftsOfAgency(staff);
      return {
        ok: true,
        rows: rows.map((r) => {
          const deadline = issueDeadline(cal, r.receivedAt, r.dueAt).date;
          return { ...r, deadline, late: today > deadline };
        }),
      };
    },

    /** One dossier's draft page (also before the job made one: the proposal is computed). */
    async draftPage(staff: StaffUser, id: number): Promise<{ ok: true; page: DraftPage } | ApologyRefusal> {
      const allowed = await access(staff, id);
      if (!allowed.ok) return allowed;
      const { d, role } = allowed;
      const cal = await wiring.calendar.current();
      const draft = (await repo.draft(id)) ?? null;
      const deadline = issueDeadline(cal, d.receivedAt, d.dueAt);
      return {
        ok: true,
        page: {
          dossier: d,
          draft,
          proposedDueAt: draft?.proposedDueAt ?? (await proposal(cal, d)),
          reason: draft?.reason ?? '',
          role,
          deadline: deadline.date,
          deadlineShortened: deadline.shortened,
          lateIfIssuedNow: localDateOf(deps.clock.now()) > deadline.date,
          signerTitle: role === 'head' ? ((await repo.signer(staff.id))?.jobTitle ?? '') : null,
        },
      };
    },

    /** The job's draft, inside the sweep's transaction: false when the dossier already has one. */
    prepareDraftInTransaction: (trx: Deps['db'], dossierId: number, proposedDueAt: Date, now: Date): Promise<boolean> => apologyRepo(trx).insertDraftIfAbsent(dossierId, proposedDueAt, now),

    /** The system's apology (APOLOGY_AUTO_ISSUE only), inside the apology sweep's transaction (its milestone already claimed). */
    issueInTransaction: (trx: Deps['db'], target: ApologyTarget, opts: { reason: string; newDueAt: Date; now: Date; cal: WorkingCalendar }): Promise<boolean> =>
      issueApology(trx, wiring.notifications, target, {
        issuedBy: null,
        signerTitle: null,
        reason: opts.reason,
        newDueAt: opts.newDueAt,
        now: opts.now,
        ip: null,
        cal: opts.cal,
        numbering,
        milestoneClaimed: true,
      }),

    /** The full form (name and ID number), for staff who may see the dossier. */
    async pdfForStaff(staff: StaffUser, id: number): Promise<PdfResult> {
      const d = await dossiers.byId(id);
      if (!d) return refuse('not_found', NO_APOLOGY);
      if (!canSeeDossier(staff, d)) return refuse('forbidden', REFUSAL_MESSAGES.dossierOtherAgency);
      const a = await repo.forDossier(id);
      if (!a) return refuse('not_found', NO_APOLOGY);
      return { ok: true, code: d.code, pdf: await pdfFor(d, a, 'full') };
    },

    /** The public copy behind the QR token: masked name, no ID number, phone, address or e-mail. */
    async pdfForToken(token: string): Promise<PdfResult> {
      if (!isWellFormedToken(token)) return refuse('not_found', NO_APOLOGY);
      const d = await dossiers.byToken(token);
      if (!d) return refuse('not_found', NO_APOLOGY);
      const a = await repo.forDossier(d.id);
      return a ? { ok: true, code: d.code, pdf: await pdfFor(d, a, 'public') } : refuse('not_found', NO_APOLOGY);
    },
  };
}

export type ApologyService = ReturnType<typeof apologyService>;
