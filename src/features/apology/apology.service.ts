/**
 * Apologies for late dossiers: the officer's (or head's) own, the system's (from the
 * apology sweep, inside its transaction), and the printed form — in full for staff, and
 * for the public QR link with the masked name only (issue 11 #1: the token is reachable
 * with the dossier code and four phone digits, so it shows no more than the status page).
 */
import { isWellFormedToken } from '../../domain/public-token.js';
import type { Deps } from '../../deps.js';
import { parseDossierCode } from '../../domain/dossier-code.js';
import { maskName } from '../../domain/masking.js';
import type { StaffUser } from '../../domain/roles.js';
import { isOpen } from '../../domain/status.js';
import { formatDateTimeVn } from '../../domain/time.js';
import type { Parsed } from '../../web/form.js';
import { renderApology } from '../../pdf/apology.js';
import { dossiersRepo, type Dossier } from '../dossiers/dossiers.repo.js';
import { canSeeDossier } from '../dossiers/dossiers.service.js';
import { issueApology, type ApologyNotifier, type ApologyTarget } from './apology.js';
import { apologyRepo, type ApologyRow } from './apology.repo.js';
import type { ApologyInput } from './apology.schema.js';

export type ApologyRecord = ApologyRow;

/** Why an apology is refused; the route maps each to an HTTP status and shows `message`. */
export type ApologyRefusal =
  | { ok: false; reason: 'not_found'; message: string }
  | { ok: false; reason: 'forbidden'; message: string }
  /** The dossier is finished, or already has its one apology. */
  | { ok: false; reason: 'conflict'; message: string }
  | { ok: false; reason: 'invalid'; message: string; field: string };

export type PdfResult = { ok: true; code: string; pdf: Buffer } | { ok: false; reason: 'not_found' | 'forbidden' };

const ISSUERS: readonly string[] = ['officer', 'supervisor'];

export function apologyService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, wiring: { notifications: ApologyNotifier }) {
  const { db } = deps;
  const dossiers = dossiersRepo(db);
  const repo = apologyRepo(db);

  async function pdfFor(d: Dossier, a: ApologyRecord, copy: 'full' | 'public'): Promise<Buffer> {
    const agency = await repo.agency(d.processingAgencyId);
    return renderApology({
      code: d.code,
      sequenceLabel: String(parseDossierCode(d.code)?.sequence ?? '').padStart(4, '0'),
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
      issuedBySystem: a.issuedBy === null,
    });
  }

  return {
    /** The dossier's apology, if it has one (the dossier page). */
    record: (dossierId: number): Promise<ApologyRecord | undefined> => repo.forDossier(dossierId),

    /**
     * The officer (or head) issues the apology: once, with a reason and a later
     * appointment. `input` is the parsed form; access is checked before its errors count.
     */
    async issue(staff: StaffUser, id: number, input: Parsed<ApologyInput>, ip: string | null): Promise<{ ok: true } | ApologyRefusal> {
      const d = await dossiers.byId(id);
      if (!d) return { ok: false, reason: 'not_found', message: 'Không tìm thấy hồ sơ.' };
      if (!canSeeDossier(staff, d)) return { ok: false, reason: 'forbidden', message: 'Hồ sơ này thuộc đơn vị khác.' };
      if (!ISSUERS.includes(staff.role)) return { ok: false, reason: 'forbidden', message: 'Chỉ cơ quan giải quyết phát hành phiếu xin lỗi.' };
      if (!isOpen(d.status)) return { ok: false, reason: 'conflict', message: 'Hồ sơ đã kết thúc xử lý, không phát hành phiếu xin lỗi.' };
      if (!input.ok) {
        const field = 'reason' in input.errors ? 'reason' : (Object.keys(input.errors)[0] ?? 'reason');
        return { ok: false, reason: 'invalid', message: input.errors[field] ?? 'Dữ liệu không hợp lệ.', field: field === 'new_time' ? 'new_date' : field };
      }
      const { reason, newDueAt } = input.value;
      const now = deps.clock.now();
      if (newDueAt.getTime() <= Math.max(now.getTime(), d.dueAt.getTime())) {
        return { ok: false, reason: 'invalid', message: `Ngày hẹn mới phải sau ngày hẹn hiện tại (${formatDateTimeVn(d.dueAt)}).`, field: 'new_date' };
      }
      const target: ApologyTarget = { id: d.id, dueAt: d.dueAt };
      const issued = await db.transaction((trx) => issueApology(trx, wiring.notifications, target, { issuedBy: staff.id, reason, newDueAt, now, ip }));
      if (!issued) return { ok: false, reason: 'conflict', message: 'Hồ sơ đã có phiếu xin lỗi: ngày hẹn chỉ được đặt lại một lần. Lần chậm tiếp theo do lãnh đạo xử lý.' };
      return { ok: true };
    },

    /** The system's apology, inside the apology sweep's transaction (its milestone already claimed). */
    issueInTransaction: (trx: Deps['db'], target: ApologyTarget, opts: { reason: string; newDueAt: Date; now: Date }): Promise<boolean> =>
      issueApology(trx, wiring.notifications, target, { issuedBy: null, reason: opts.reason, newDueAt: opts.newDueAt, now: opts.now, ip: null, milestoneClaimed: true }),

    /** The full form (name and ID number), for staff who may see the dossier. */
    async pdfForStaff(staff: StaffUser, id: number): Promise<PdfResult> {
      const d = await dossiers.byId(id);
      if (!d) return { ok: false, reason: 'not_found' };
      if (!canSeeDossier(staff, d)) return { ok: false, reason: 'forbidden' };
      const a = await repo.forDossier(id);
      if (!a) return { ok: false, reason: 'not_found' };
      return { ok: true, code: d.code, pdf: await pdfFor(d, a, 'full') };
    },

    /** The public copy behind the QR token: masked name, no ID number, phone, address or e-mail. */
    async pdfForToken(token: string): Promise<PdfResult> {
      if (!isWellFormedToken(token)) return { ok: false, reason: 'not_found' };
      const d = await dossiers.byToken(token);
      if (!d) return { ok: false, reason: 'not_found' };
      const a = await repo.forDossier(d.id);
      return a ? { ok: true, code: d.code, pdf: await pdfFor(d, a, 'public') } : { ok: false, reason: 'not_found' };
    },
  };
}

export type ApologyService = ReturnType<typeof apologyService>;
