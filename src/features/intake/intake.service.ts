/**
 * Receiving a dossier at the counter: code, deadline, documents, the first audit event, its
 * place in the processing agency's queue, its search words and the citizen's electronic
 * receipt, in one transaction.
 */
import crypto from 'node:crypto';
import type { WorkingCalendar } from '../../domain/calendar.js';
import type { ReceiptChannel } from '../../domain/post.js';
import { computeAppointment } from '../../domain/deadline.js';
import { codeDatePart, formatDossierCode } from '../../domain/dossier-code.js';
import { foldForSearch } from '../../domain/text.js';
import { newPublicToken } from '../../domain/public-token.js';
import type { Deps } from '../../deps.js';
import type { StaffUser } from '../../domain/roles.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { CatalogueService } from '../catalogue/catalogue.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { Procedure, ProcedureSummary } from '../catalogue/catalogue.types.js';
import { appendEvent } from '../dossiers/events.repo.js';
import { intakeRepo, type Trx } from './intake.repo.js';
import { formatIntakeKey, type IntakeInput, type IntakeKey } from './intake.schema.js';
import { REFUSAL_MESSAGES, refuse, type Refusal } from '../../platform/refusal/refusal.js';

export type ReceiveResult =
  | {
      ok: true;
      dossierId: number;
      /** False when this submission had already been recorded (a double click, a resend). */
      created: boolean;
    }
  /** not_found: the agency does not receive this procedure; conflict: the intake key is another clerk's. */
  | Refusal<'not_found' | 'conflict'>;

export const INTAKE_MESSAGES = {
  notInCatalogue: REFUSAL_MESSAGES.procedureNotInCatalogue,
  /** A check page's key posted by a clerk other than the one it was made for (a shared screen, a copied form). */
  foreignKey:
    'Phiên tiếp nhận này do cán bộ khác lập, nên hồ sơ chưa được tiếp nhận. Vui lòng kiểm tra lại thông tin và bấm “Tiếp tục” để tiếp nhận bằng tài khoản của bạn.',
} as const;

export interface ProcedurePick {
  /** The procedures matching the query, each with its folded search text (for the page's live filter). */
  procedures: Array<ProcedureSummary & { search: string }>;
  total: number;
  /** The procedure whose code is exactly the query, if any. */
  exact: ProcedureSummary | undefined;
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

/** Writes a dossier's search words inside the intake transaction (the search feature's index, wired in services.ts). */
export type IndexWords = (trx: Deps['db'], dossierId: number, text: { name: string; code: string }) => Promise<void>;

export interface IntakeWiring {
  catalogue: CatalogueService;
  calendar: CalendarService;
  notifications: Pick<NotificationsService, 'notifyCitizen'>;
  indexWords: IndexWords;
}

/** An open dossier of the same applicant (ID number) for the same procedure, received by the same agency. */
export interface PossibleDuplicate {
  id: number;
  code: string;
  receivedAt: Date;
}

/** Where a received dossier went, for its confirmation page. */
export interface Routing {
  /** The queue it waits in (the processing agency). */
  agencyName: string;
  /** The counter produces the result itself: the clerk marks it ready and hands it back. */
  resultAtCounter: boolean;
}

export function intakeService(deps: Pick<Deps, 'db' | 'clock'>, { catalogue, calendar, notifications, indexWords }: IntakeWiring) {
  const { db, clock } = deps;
  const repo = intakeRepo(db);

  /** An earlier submission with this key: the same clerk's (the same dossier), or someone else's (refused). */
  async function replay(key: IntakeKey, staff: StaffUser): Promise<ReceiveResult | undefined> {
    const existing = await repo.dossierByIntakeKey(key.key);
    if (!existing) return undefined;
    if (existing.receivedBy !== staff.id) return refuse('conflict', INTAKE_MESSAGES.foreignKey);
    return { ok: true, dossierId: existing.id, created: false };
  }

  /**
   * One received dossier inside the caller's transaction: code, appointment computed from
   * `receivedAt` (its clock starts then), documents, the first audit event, the queue, its
   * search words, its process steps and the citizen's electronic receipt.
   */
  async function insertReceived(
    trx: Trx,
    staff: StaffUser,
    procedure: Procedure,
    input: IntakeInput,
    o: { eid: string; cal: WorkingCalendar; receivedAt: Date; channel: ReceiptChannel; intakeKey: string | null; ip: string | null },
  ): Promise<number> {
    const { receivedAt } = o;
    const time = { unit: procedure.processingUnit, amount: procedure.processingAmount };
    const dueAt = computeAppointment(o.cal, time, receivedAt, [], calendar.rules(), { nextDayAfterCutoff: procedure.nextDayAfterCutoff });
    const day = codeDatePart(receivedAt);
    // The lead agency (a department) processes it; without one, the receiving agency itself.
    const processingAgencyId = procedure.leadAgencyId ?? staff.agencyId;
    const sequence = await repo.nextSequence(trx, staff.agencyId, day);
    const code = formatDossierCode(o.eid, receivedAt, sequence);
    const id = await repo.insertDossier(
      trx,
      {
        code,
        public_token: newPublicToken(),
        agency_id: staff.agencyId,
        processing_agency_id: processingAgencyId,
        // Routed at once: waiting in the processing agency's queue, for an officer to take.
        assigned_agency_id: processingAgencyId,
        procedure_id: procedure.id,
        procedure_version_id: procedure.versionId,
        status: 'received',
        applicant_name: input.applicantName,
        applicant_name_folded: foldForSearch(input.applicantName),
        applicant_id_number: input.idNumber,
        applicant_phone: input.phone,
        applicant_email: input.email,
        applicant_address: input.address,
        applicant_kind: input.applicantKind ?? 'person',
        organisation_code: input.organisationCode ?? null,
        representative_name: input.representative?.name ?? input.representativeName,
        representative_id_number: input.representative?.idNumber ?? null,
        representative_address: input.representative?.address ?? null,
        representative_phone: input.representative?.phone ?? null,
        representative_email: input.representative?.email ?? null,
        authorisation_paper: input.representative?.authorisationPaper ?? null,
        result_delivery: input.resultDelivery,
        channel: o.channel,
        sets_count: input.setsCount,
        note: input.note,
        processing_unit: time.unit,
        processing_amount: time.unit === 'same_day' ? 0 : time.amount,
        ...{ supplement_clock: procedure.supplementClock, next_day_after_cutoff: procedure.nextDayAfterCutoff }, // helper P: the clock rules the dossier keeps
        received_at: receivedAt,
        original_due_at: dueAt,
        due_at: dueAt,
        received_by: staff.id,
        intake_key: o.intakeKey,
        created_at: receivedAt,
        updated_at: receivedAt,
      },
      input.documents,
    );
    await appendEvent(trx, id, {
      type: 'received',
      fromStatus: null,
      toStatus: 'received',
      actorId: staff.id,
      note: null,
      public: true,
      ip: o.ip,
      createdAt: receivedAt,
    });
    await indexWords(trx, id, { name: input.applicantName, code });
    await repo.copyProcessSteps(trx, id, procedure.id);
    // The electronic receipt: code, procedure, appointment, status link.
    await notifications.notifyCitizen(trx, id, { kind: 'receipt' }, receivedAt);
    return id;
  }

  return {
    /** The agency's procedures matching the picker's query (code, name or field, accents ignored). */
    async pickProcedures(staff: StaffUser, q: string): Promise<ProcedurePick> {
      const all = await catalogue.proceduresForAgency(staff.agencyId);
      const needle = foldForSearch(q);
      const procedures = all
        .map((p) => ({ ...p, search: foldForSearch(`${p.code} ${p.name} ${p.field}`) }))
        .filter((p) => !needle || p.search.includes(needle));
      return { procedures, total: all.length, exact: all.find((p) => p.code === q) };
    },

    procedure: (staff: StaffUser, code: string): Promise<Procedure | undefined> => catalogue.procedureForAgency(staff.agencyId, code),

    /**
     * A fresh key for one filled-in form (made when the form is first shown, carried through
     * the check page): names its clerk, so a replay by anyone else is refused.
     */
    newIntakeKey: (staff: StaffUser): string => formatIntakeKey(staff.id, crypto.randomUUID()),

    /**
     * The key to carry on: the posted one when it is this clerk's, else a fresh one.
     * `usedBy` is the dossier it already recorded (the form was sent again after confirming).
     */
    async carryIntakeKey(staff: StaffUser, posted: IntakeKey | null): Promise<{ key: string; usedBy: number | null }> {
      if (!posted || posted.staffId !== staff.id) return { key: formatIntakeKey(staff.id, crypto.randomUUID()), usedBy: null };
      const existing = await repo.dossierByIntakeKey(posted.key);
      return { key: posted.key, usedBy: existing?.id ?? null };
    },

    /** Open dossiers of the same ID number for the same procedure in the clerk's agency (a warning, not a block). */
    possibleDuplicates: (staff: StaffUser, procedure: Pick<Procedure, 'id'>, idNumber: string): Promise<PossibleDuplicate[]> =>
      repo.openDossiersOf(staff.agencyId, procedure.id, idNumber),

    /** Where the dossier went at intake (the caller checked the staff member may see it). */
    routing: (dossierId: number): Promise<Routing | undefined> => repo.routing(dossierId),

    /** The appointment a dossier received now would get (shown on the check-answers step). */
    async previewAppointment(procedure: Procedure): Promise<Date> {
      const cal = await calendar.current();
      return computeAppointment(cal, { unit: procedure.processingUnit, amount: procedure.processingAmount }, clock.now(), [], calendar.rules(), { nextDayAfterCutoff: procedure.nextDayAfterCutoff });
    },

    async receive(staff: StaffUser, procedureCode: string, input: IntakeInput, intakeKey: IntakeKey | null, ip: string | null): Promise<ReceiveResult> {
      // A key another clerk made is refused before anything is read or written.
      if (intakeKey && intakeKey.staffId !== staff.id) return refuse('conflict', INTAKE_MESSAGES.foreignKey);
      const procedure = await catalogue.procedureForAgency(staff.agencyId, procedureCode);
      if (!procedure) return refuse('not_found', INTAKE_MESSAGES.notInCatalogue);
      if (intakeKey) {
        const earlier = await replay(intakeKey, staff);
        if (earlier) return earlier;
      }
      const [eid, cal] = await Promise.all([repo.agencyEid(staff.agencyId), calendar.current()]);
      const receivedAt = clock.now();
      try {
        const dossierId = await db.transaction((trx) => insertReceived(trx, staff, procedure, input, { eid, cal, receivedAt, channel: 'counter', intakeKey: intakeKey?.key ?? null, ip }));
        return { ok: true, dossierId, created: true };
      } catch (err) {
        // Two submissions of the same form raced: the other one won, and that is the dossier.
        if (intakeKey && isUniqueViolation(err)) {
          const earlier = await replay(intakeKey, staff);
          if (earlier) return earlier;
        }
        throw err;
      }
    },

    /**
     * Dossiers received together at one instant, `clock.now()` (a postal hand-over record
     * signed: Decision 45/2016 art. 7(3)–(4)), in one transaction with the caller's own rows
     * (`then`): all of them or none. Each procedure must still be one the agency receives.
     */
    async receiveTogether(
      staff: StaffUser,
      items: ReadonlyArray<{ procedureCode: string; input: IntakeInput; intakeKey: string | null }>,
      o: { channel: ReceiptChannel; ip: string | null },
      then: (trx: Trx, dossierIds: number[], receivedAt: Date) => Promise<void>,
    ): Promise<{ ok: true; dossierIds: number[]; receivedAt: Date } | Refusal<'not_found'>> {
      const procedures: Procedure[] = [];
      for (const item of items) {
        const p = await catalogue.procedureForAgency(staff.agencyId, item.procedureCode);
        if (!p) return refuse('not_found', `${INTAKE_MESSAGES.notInCatalogue} (${item.procedureCode})`);
        procedures.push(p);
      }
      const [eid, cal] = await Promise.all([repo.agencyEid(staff.agencyId), calendar.current()]);
      const receivedAt = clock.now();
      const dossierIds = await db.transaction(async (trx) => {
        const ids: number[] = [];
        for (const [i, item] of items.entries()) {
          ids.push(await insertReceived(trx, staff, procedures[i]!, item.input, { eid, cal, receivedAt, channel: o.channel, intakeKey: item.intakeKey, ip: o.ip }));
        }
        await then(trx, ids, receivedAt);
        return ids;
      });
      return { ok: true, dossierIds, receivedAt };
    },
  };
}

export type IntakeService = ReturnType<typeof intakeService>;
