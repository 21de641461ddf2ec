import type { Deps } from '../../deps.js';
import { parseDossierCode } from '../../domain/dossier-code.js';
import type { StaffUser } from '../../domain/roles.js';
import { cleanText } from '../../domain/text.js';
import { formatDateTimeVn } from '../../domain/time.js';
import { toDate } from '../../db/knex.js';
import { renderApology } from '../../pdf/apology.js';
import { dossiersRepo, type Dossier } from '../dossiers/dossiers.repo.js';
import { canSeeDossier } from '../dossiers/dossiers.service.js';
import { issueApology } from './apology.js';

const OPEN = ['received', 'in_progress', 'awaiting_supplement', 'paused'];

export interface ApologyRecord {
  issuedAt: Date;
  issuedBy: string | null;
  reason: string;
  previousDueAt: Date;
  newDueAt: Date;
}

export function apologyService(deps: Pick<Deps, 'db' | 'clock' | 'config'>) {
  const { db } = deps;
  const dossiers = dossiersRepo(db);

  async function record(dossierId: number): Promise<ApologyRecord | undefined> {
    const r = await db('dossier_apologies as a').leftJoin('users as u', 'u.id', 'a.issued_by').where('a.dossier_id', dossierId).first('a.*', 'u.full_name');
    if (!r) return undefined;
    return { issuedAt: toDate(r.issued_at), issuedBy: r.full_name ?? null, reason: r.reason, previousDueAt: toDate(r.previous_due_at), newDueAt: toDate(r.new_due_at) };
  }

  async function pdfFor(d: Dossier, a: ApologyRecord): Promise<Buffer> {
    const agency = await db('agencies').where({ id: d.processingAgencyId }).first('name', 'governing_body', 'place_name');
    return renderApology({
      code: d.code,
      sequenceLabel: String(parseDossierCode(d.code)?.sequence ?? '').padStart(4, '0'),
      governingBody: agency.governing_body,
      agencyName: agency.name,
      placeName: agency.place_name,
      issuedAt: a.issuedAt,
      applicant: { name: d.applicant.name, idNumber: d.applicant.idNumber },
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
    record,

    /** The officer (or head) issues the apology: once, with a reason and a later appointment. */
    async issue(staff: StaffUser, id: number, input: { reason: string; newDueAt: Date | null }, ip: string | null): Promise<{ ok: true } | { ok: false; status: number; message: string; field?: string }> {
      const d = await dossiers.byId(id);
      if (!d) return { ok: false, status: 404, message: 'Không tìm thấy hồ sơ.' };
      if (!canSeeDossier(staff, d)) return { ok: false, status: 403, message: 'Hồ sơ này thuộc đơn vị khác.' };
      if (staff.role !== 'officer' && staff.role !== 'supervisor') return { ok: false, status: 403, message: 'Chỉ cơ quan giải quyết phát hành phiếu xin lỗi.' };
      if (!OPEN.includes(d.status)) return { ok: false, status: 409, message: 'Hồ sơ đã kết thúc xử lý, không phát hành phiếu xin lỗi.' };
      const reason = cleanText(input.reason);
      if (!reason) return { ok: false, status: 400, message: 'Nhập lý do chậm trễ.', field: 'reason' };
      if (reason.length > 2000) return { ok: false, status: 400, message: 'Lý do không quá 2000 ký tự.', field: 'reason' };
      const now = deps.clock.now();
      if (!input.newDueAt) return { ok: false, status: 400, message: 'Nhập ngày và giờ hẹn trả kết quả mới.', field: 'new_date' };
      if (input.newDueAt.getTime() <= Math.max(now.getTime(), d.dueAt.getTime())) {
        return { ok: false, status: 400, message: `Ngày hẹn mới phải sau ngày hẹn hiện tại (${formatDateTimeVn(d.dueAt)}).`, field: 'new_date' };
      }
      const issued = await db.transaction((trx) =>
        issueApology(trx, deps, { id: d.id, code: d.code, dueAt: d.dueAt, phone: d.applicant.phone, email: d.applicant.email, token: d.publicToken, procedureName: d.procedure.name }, {
          issuedBy: staff.id,
          reason,
          newDueAt: input.newDueAt!,
          now,
          ip,
        }),
      );
      if (!issued) return { ok: false, status: 409, message: 'Hồ sơ đã có phiếu xin lỗi: ngày hẹn chỉ được đặt lại một lần. Lần chậm tiếp theo do lãnh đạo xử lý.' };
      return { ok: true };
    },

    async pdfForStaff(staff: StaffUser, id: number): Promise<{ code: string; pdf: Buffer } | { error: 404 | 403 }> {
      const d = await dossiers.byId(id);
      if (!d) return { error: 404 };
      if (!canSeeDossier(staff, d)) return { error: 403 };
      const a = await record(id);
      if (!a) return { error: 404 };
      return { code: d.code, pdf: await pdfFor(d, a) };
    },

    async pdfForToken(token: string): Promise<{ code: string; pdf: Buffer } | undefined> {
      if (!/^[A-Za-z0-9_-]{22,64}$/.test(token)) return undefined;
      const d = await dossiers.byToken(token);
      if (!d) return undefined;
      const a = await record(d.id);
      return a ? { code: d.code, pdf: await pdfFor(d, a) } : undefined;
    },
  };
}
