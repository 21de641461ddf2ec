/**
 * The printed forms of the processing workflow, built from a dossier's history:
 * supplement request (Mẫu 02) and refusal (Mẫu 03). The process control sheet is in
 * control-sheet.service.ts.
 */
import type { Deps } from '../../deps.js';
import { parseDossierCode } from '../../domain/dossier-code.js';
import type { StaffUser } from '../../domain/roles.js';
import { renderRefusal } from '../../pdf/refusal.js';
import { renderSupplementRequest } from '../../pdf/supplement.js';
import type { Dossier } from '../dossiers/dossiers.repo.js';
import { dossiersService, type Access, type DossiersService } from '../dossiers/dossiers.service.js';
import { listEvents } from '../dossiers/events.repo.js';
import { formsRepo } from './forms.repo.js';

export type FormResult = Access<{ filename: string; pdf: Buffer }> | { ok: false; reason: 'not_applicable'; message: string };

function sequenceLabel(code: string): string {
  return String(parseDossierCode(code)?.sequence ?? '').padStart(4, '0');
}

export function header(d: Dossier) {
  return { governingBody: d.agency.governingBody, unitName: d.agency.name, placeName: d.agency.placeName };
}

export function formsService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, dossiers: DossiersService = dossiersService(deps)) {
  const { db } = deps;
  const repo = formsRepo(db);

  return {
    async supplementRequest(staff: StaffUser, id: number): Promise<FormResult> {
      const access = await dossiers.forStaff(staff, id);
      if (!access.ok) return access;
      const d = access.value;
      const request = (await listEvents(db, id)).filter((e) => e.type === 'request_supplement').at(-1);
      if (!request) return { ok: false, reason: 'not_applicable', message: 'Hồ sơ này chưa có yêu cầu bổ sung.' };
      const pdf = await renderSupplementRequest({
        code: d.code,
        sequenceLabel: sequenceLabel(d.code),
        ...header(d),
        issuedAt: request.createdAt,
        applicant: { name: d.applicant.name, address: d.applicant.address, phone: d.applicant.phone, email: d.applicant.email },
        procedureName: d.procedure.name,
        receivedAt: d.receivedAt,
        items: (request.note ?? '').split('\n').filter(Boolean),
        reason: `Hồ sơ chưa đầy đủ, hợp lệ theo quy định của thủ tục ${d.procedure.name}.`,
        officer: await repo.staffContact(request.actorId),
        unitPhone: d.agency.hotline,
      });
      return { ok: true, value: { filename: `phieu-yeu-cau-bo-sung-${d.code}.pdf`, pdf } };
    },

    async refusal(staff: StaffUser, id: number): Promise<FormResult> {
      const access = await dossiers.forStaff(staff, id);
      if (!access.ok) return access;
      const d = access.value;
      const refusal = (await listEvents(db, id)).filter((e) => e.type === 'refuse').at(-1);
      if (d.status !== 'refused' || !refusal) return { ok: false, reason: 'not_applicable', message: 'Hồ sơ này không bị từ chối giải quyết.' };
      const pdf = await renderRefusal({
        code: d.code,
        sequenceLabel: sequenceLabel(d.code),
        ...header(d),
        issuedAt: refusal.createdAt,
        applicant: d.applicant,
        procedureName: d.procedure.name,
        agencyName: d.procedure.leadAgencyName,
        reason: refusal.note ?? d.outcomeNote ?? '',
        officerName: (await repo.staffContact(refusal.actorId)).name,
      });
      return { ok: true, value: { filename: `phieu-tu-choi-${d.code}.pdf`, pdf } };
    },
  };
}
