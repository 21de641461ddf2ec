/**
 * The counter before receipt: guidance to complete a dossier (Mẫu 02, no dossier code) and
 * refusal to receive one (Mẫu 03). Each is one record (the procedure, the clerk, the person,
 * the reason) and its PDF; no dossier is created and nothing else is written. Reports count
 * them per procedure and agency (countsFor).
 */
import type { Deps } from '../../deps.js';
import { formInfo } from '../../domain/forms.js';
import type { StaffUser } from '../../domain/roles.js';
import { renderRefusal } from '../../pdf/refusal.js';
import { renderSupplementRequest } from '../../pdf/supplement.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import type { CatalogueService } from '../catalogue/catalogue.service.js';
import type { Procedure } from '../catalogue/catalogue.types.js';
import { addDays, localDateOf, vnInstant } from '../../domain/time.js';
import { counterRepo, type CounterCount, type CounterKind, type CounterListRow, type CounterRecord } from './counter.repo.js';
import type { GuidanceInput, RefusalInput } from './counter.schema.js';
import { REFUSAL_MESSAGES, refuse, type Outcome, type Refusal } from '../../platform/refusal/refusal.js';

/** A guidance or refusal that is not the caller's agency's reads as none (they see nothing of it). */
export const COUNTER_RECORD_NOT_FOUND = 'Không tìm thấy phiếu này.';

/** Recorded; or the procedure is not in the caller's agency's catalogue. */
export type Issued = { ok: true; id: number } | Refusal<'not_found'>;
export type CounterPdf = Outcome<{ filename: string; pdf: Buffer }, 'not_found'>;

/** The number printed on a counter form: the record's own id, zero-padded ("Số: 0012/PBS"). */
export const counterNumber = (id: number): string => String(id).padStart(4, '0');

export function counterService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, { catalogue }: { catalogue: Pick<CatalogueService, 'procedureForAgency'> }) {
  const repo = counterRepo(deps.db);
  const form = (key: 'supplement' | 'refusal') => formInfo(key, deps.config.forms.numbering, deps.config.forms.suffixes);

  /** The record when it is the caller's agency's; another agency's is not found (they see nothing of it). */
  async function own(staff: StaffUser, kind: CounterKind, id: number): Promise<Outcome<CounterRecord, 'not_found'>> {
    const record = await repo.find(kind, id);
    return record && record.agencyId === staff.agencyId ? { ok: true, value: record } : refuse('not_found', COUNTER_RECORD_NOT_FOUND);
  }

  async function issue(staff: StaffUser, kind: CounterKind, procedureCode: string, input: GuidanceInput | RefusalInput): Promise<Issued> {
    const procedure: Procedure | undefined = await catalogue.procedureForAgency(staff.agencyId, procedureCode);
    if (!procedure) return refuse('not_found', REFUSAL_MESSAGES.procedureNotInCatalogue);
    const id = await repo.insert(kind, {
      agencyId: staff.agencyId,
      procedureId: procedure.id,
      clerkId: staff.id,
      applicant: input.applicant,
      items: 'items' in input ? input.items : undefined,
      reason: input.reason,
      createdAt: deps.clock.now(),
    });
    return { ok: true, id };
  }

  return {
    /** Record a guidance for a procedure the caller's agency receives. */
    guide: (staff: StaffUser, procedureCode: string, input: GuidanceInput): Promise<Issued> => issue(staff, 'guidance', procedureCode, input),

    /** Record a refusal to receive, for a procedure the caller's agency receives. */
    refuse: (staff: StaffUser, procedureCode: string, input: RefusalInput): Promise<Issued> => issue(staff, 'refusal', procedureCode, input),

    /** Mẫu 02 of a counter guidance: no dossier code; the clerk guides and signs. */
    async guidancePdf(staff: StaffUser, id: number): Promise<CounterPdf> {
      const found = await own(staff, 'guidance', id);
      if (!found.ok) return found;
      const g = found.value;
      const pdf = await renderSupplementRequest({
        code: null,
        sequenceLabel: counterNumber(g.id),
        form: form('supplement'),
        governingBody: g.agency.governingBody,
        unitName: g.agency.name,
        placeName: g.agency.placeName,
        issuedAt: g.createdAt,
        applicant: { name: g.applicant.name, address: g.applicant.address ?? '', phone: g.applicant.phone ?? '', email: null },
        procedureName: g.procedure.name,
        receivedAt: null,
        items: g.items,
        reason: g.reason,
        officer: { name: g.clerk.name, phone: g.clerk.phone },
        unitPhone: g.agency.hotline,
        procedureUrl: absoluteUrl(deps.config.server.publicBaseUrl, paths.catalogue.procedure(g.procedure.code)),
      });
      return { ok: true, value: { filename: `phieu-huong-dan-bo-sung-${counterNumber(g.id)}.pdf`, pdf } };
    },

    /** Mẫu 03 of a counter refusal: signed by the person submitting and the receiving officer. */
    async refusalPdf(staff: StaffUser, id: number): Promise<CounterPdf> {
      const found = await own(staff, 'refusal', id);
      if (!found.ok) return found;
      const r = found.value;
      const pdf = await renderRefusal({
        code: null,
        sequenceLabel: counterNumber(r.id),
        form: form('refusal'),
        by: 'counter',
        governingBody: r.agency.governingBody,
        unitName: r.agency.name,
        placeName: r.agency.placeName,
        issuedAt: r.createdAt,
        applicant: { name: r.applicant.name, idNumber: r.applicant.idNumber ?? '', address: r.applicant.address ?? '', phone: r.applicant.phone ?? '', email: null, representativeName: null },
        procedureName: r.procedure.name,
        agencyName: r.agency.name,
        reason: r.reason,
        officerName: r.clerk.name,
      });
      return { ok: true, value: { filename: `phieu-tu-choi-tiep-nhan-${counterNumber(r.id)}.pdf`, pdf } };
    },

    /** A guidance or refusal of the caller's agency, for its confirmation page; another agency's is not found. */
    record: (staff: StaffUser, kind: CounterKind, id: number): Promise<Outcome<CounterRecord, 'not_found'>> => own(staff, kind, id),

    /** The form (label, title, suffix) a guidance (Mẫu 02) or refusal (Mẫu 03) prints on. */
    formOf: (kind: CounterKind) => form(kind === 'guidance' ? 'supplement' : 'refusal'),

    /** Today's guidances and refusals of the caller's agency, oldest first (the clerk's home, to reprint). */
    today(staff: StaffUser): Promise<CounterListRow[]> {
      const day = localDateOf(deps.clock.now());
      return repo.listBetween(staff.agencyId, vnInstant(day), vnInstant(addDays(day, 1)));
    },

    /**
     * Guidances and refusals given at the counter in [period.from, period.before), per
     * receiving agency and procedure (only `agencyIds` when given), for the reports.
     */
    countsFor: (period: { from: Date; before: Date }, agencyIds?: readonly number[]): Promise<CounterCount[]> => repo.counts(period.from, period.before, agencyIds),
  };
}

export type CounterService = ReturnType<typeof counterService>;
