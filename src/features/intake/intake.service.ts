/** Receiving a dossier at the counter: code, deadline, documents and the first audit event, in one transaction. */
import crypto from 'node:crypto';
import { computeAppointment } from '../../domain/deadline.js';
import { codeDatePart, formatDossierCode } from '../../domain/dossier-code.js';
import { foldForSearch } from '../../domain/text.js';
import type { Deps } from '../../deps.js';
import type { StaffUser } from '../../domain/roles.js';
import { calendarService } from '../calendar/calendar.service.js';
import { catalogueRepo } from '../catalogue/catalogue.repo.js';
import { appendEvent } from '../dossiers/events.repo.js';
import { intakeRepo } from './intake.repo.js';
import type { IntakeInput } from './intake.schema.js';

/** 192 random bits, URL-safe: the only key to a dossier's public status page. */
export function newPublicToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

export interface ReceiveResult {
  dossierId: number;
  /** False when this submission had already been recorded (a double click, a resend). */
  created: boolean;
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

export function intakeService(deps: Pick<Deps, 'db' | 'clock' | 'config'>) {
  const { db, clock } = deps;
  const repo = intakeRepo(db);
  const catalogue = catalogueRepo(db);
  const calendar = calendarService(deps);

  return {
    procedures: (staff: StaffUser) => catalogue.proceduresForAgency(staff.agencyId),
    procedure: (staff: StaffUser, code: string) => catalogue.procedureForAgency(staff.agencyId, code),

    /** The appointment a dossier received now would get (shown on the check-answers step). */
    async previewAppointment(staff: StaffUser, code: string): Promise<Date | undefined> {
      const procedure = await catalogue.procedureForAgency(staff.agencyId, code);
      if (!procedure) return undefined;
      const cal = await calendar.current();
      return computeAppointment(cal, { unit: procedure.processingUnit, amount: procedure.processingAmount }, clock.now(), [], calendar.rules());
    },

    async receive(staff: StaffUser, procedureCode: string, input: IntakeInput, intakeKey: string | null, ip: string | null): Promise<ReceiveResult | undefined> {
      const procedure = await catalogue.procedureForAgency(staff.agencyId, procedureCode);
      if (!procedure) return undefined;
      if (intakeKey) {
        const existing = await repo.dossierIdByIntakeKey(intakeKey);
        if (existing) return { dossierId: existing, created: false };
      }
      const [eid, cal] = await Promise.all([repo.agencyEid(staff.agencyId), calendar.current()]);
      const receivedAt = clock.now();
      const time = { unit: procedure.processingUnit, amount: procedure.processingAmount };
      const dueAt = computeAppointment(cal, time, receivedAt, [], calendar.rules());
      const day = codeDatePart(receivedAt);
      try {
        const dossierId = await db.transaction(async (trx) => {
          const sequence = await repo.nextSequence(trx, staff.agencyId, day);
          const id = await repo.insertDossier(
            trx,
            {
              code: formatDossierCode(eid, receivedAt, sequence),
              public_token: newPublicToken(),
              agency_id: staff.agencyId,
              processing_agency_id: procedure.leadAgencyId ?? staff.agencyId,
              procedure_id: procedure.id,
              status: 'received',
              applicant_name: input.applicantName,
              applicant_name_folded: foldForSearch(input.applicantName),
              applicant_id_number: input.idNumber,
              applicant_phone: input.phone,
              applicant_email: input.email,
              applicant_address: input.address,
              representative_name: input.representativeName,
              result_delivery: input.resultDelivery,
              channel: 'counter',
              sets_count: input.setsCount,
              note: input.note,
              processing_unit: time.unit,
              processing_amount: time.unit === 'same_day' ? 0 : time.amount,
              received_at: receivedAt,
              original_due_at: dueAt,
              due_at: dueAt,
              received_by: staff.id,
              intake_key: intakeKey,
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
            ip,
            createdAt: receivedAt,
          });
          return id;
        });
        return { dossierId, created: true };
      } catch (err) {
        // Two submissions of the same form raced: the other one won, and that is the dossier.
        if (intakeKey && isUniqueViolation(err)) {
          const existing = await repo.dossierIdByIntakeKey(intakeKey);
          if (existing) return { dossierId: existing, created: false };
        }
        throw err;
      }
    },
  };
}

export type IntakeService = ReturnType<typeof intakeService>;
