/**
 * The printed forms of the processing workflow, built from a dossier's history: the
 * supplement request (Mẫu 02, with the request's specific reason), the processing agency's
 * refusal notice after appraisal, and the stop notice of a withdrawn dossier. Labels, titles
 * and number suffixes come from the form registry (config.forms.numbering, config.forms.suffixes). A
 * dossier whose result goes out electronically gets electronic copies: a "Ký số" box where the
 * signer's name goes (motcua does not sign; the signer's own tool does). The process control
 * sheet is in control-sheet.service.ts.
 */
import type { Deps } from '../../deps.js';
import { parseDossierCode } from '../../domain/dossier-code.js';
import { formInfo, type FormKey } from '../../domain/forms.js';
import type { StaffUser } from '../../domain/roles.js';
import { renderRefusal } from '../../pdf/refusal.js';
import { renderStopNotice } from '../../pdf/stop-notice.js';
import { renderSupplementRequest } from '../../pdf/supplement.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import type { Dossier } from '../dossiers/dossiers.repo.js';
import { dossiersService, type Access, type DossiersService } from '../dossiers/dossiers.service.js';
import { listEvents } from '../dossiers/events.repo.js';
import { formsRepo } from './forms.repo.js';
import { refuse } from '../../platform/refusal/refusal.js';

/** The refusal code of a form the dossier does not have (no supplement request, not refused, not withdrawn). */
export const NO_FORM = 'no_form';

/** The form's PDF, or why not: the dossier's access refusal, or no such form for this dossier (not_found, code 'no_form'). */
export type FormResult = Access<{ filename: string; pdf: Buffer }>;

const noForm = (message: string) => refuse('not_found', message, { code: NO_FORM });

/** The sentence Mẫu 02 printed before requests carried their own reason (requests made before issue 13). */
export const FALLBACK_SUPPLEMENT_REASON = (procedureName: string) => `Hồ sơ chưa đầy đủ, hợp lệ theo quy định của thủ tục ${procedureName}.`;

function sequenceLabel(code: string): string {
  return String(parseDossierCode(code)?.sequence ?? '').padStart(4, '0');
}

export function header(d: Dossier) {
  return { governingBody: d.agency.governingBody, unitName: d.agency.name, placeName: d.agency.placeName };
}

/** Documents of a dossier whose result goes out electronically are delivered electronically. */
export const deliveredElectronically = (d: Pick<Dossier, 'resultDelivery'>): boolean => d.resultDelivery === 'online';

export function formsService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, dossiers: DossiersService = dossiersService(deps)) {
  const { db } = deps;
  const repo = formsRepo(db);
  const form = (key: FormKey) => formInfo(key, deps.config.forms.numbering, deps.config.forms.suffixes);

  return {
    async supplementRequest(staff: StaffUser, id: number): Promise<FormResult> {
      const access = await dossiers.forStaff(staff, id);
      if (!access.ok) return access;
      const d = access.value;
      const request = (await listEvents(db, id)).filter((e) => e.type === 'request_supplement').at(-1);
      if (!request) return noForm('Hồ sơ này chưa có yêu cầu bổ sung.');
      const pdf = await renderSupplementRequest({
        code: d.code,
        sequenceLabel: sequenceLabel(d.code),
        form: form('supplement'),
        electronic: deliveredElectronically(d),
        ...header(d),
        issuedAt: request.createdAt,
        applicant: { name: d.applicant.name, address: d.applicant.address, phone: d.applicant.phone, email: d.applicant.email },
        procedureName: d.procedure.name,
        receivedAt: d.receivedAt,
        items: (request.note ?? '').split('\n').filter(Boolean),
        reason: (await repo.supplementReason(id)) ?? FALLBACK_SUPPLEMENT_REASON(d.procedure.name),
        officer: await repo.staffContact(request.actorId),
        unitPhone: d.agency.hotline,
        supplementClock: d.supplementClock,
        procedureUrl: absoluteUrl(deps.config.server.publicBaseUrl, paths.catalogue.procedure(d.procedure.code)),
      });
      return { ok: true, value: { filename: `phieu-yeu-cau-bo-sung-${d.code}.pdf`, pdf } };
    },

    /** A refusal after appraisal: the processing agency's written notice with reasons, signed for that agency (not the counter's Mẫu 03). */
    async refusal(staff: StaffUser, id: number): Promise<FormResult> {
      const access = await dossiers.forStaff(staff, id);
      if (!access.ok) return access;
      const d = access.value;
      const refusal = (await listEvents(db, id)).filter((e) => e.type === 'refuse').at(-1);
      if (d.status !== 'refused' || !refusal) return noForm('Hồ sơ này không bị từ chối giải quyết.');
      const [agency, extras] = await Promise.all([repo.agencyHeader(d.processingAgencyId), repo.applicantExtras(id)]);
      const pdf = await renderRefusal({
        code: d.code,
        sequenceLabel: sequenceLabel(d.code),
        form: form('refusal'),
        by: 'agency',
        electronic: deliveredElectronically(d),
        ...header(d),
        ...(agency ? { governingBody: agency.governingBody, placeName: agency.placeName } : {}),
        issuedAt: refusal.createdAt,
        applicant: { ...d.applicant, kind: extras.kind },
        procedureName: d.procedure.name,
        agencyName: agency?.unitName ?? d.procedure.leadAgencyName,
        reason: refusal.note ?? d.outcomeNote ?? '',
        // The head of the agency signs by hand (or digitally): the name is left for them.
        officerName: null,
      });
      return { ok: true, value: { filename: `thong-bao-tu-choi-${d.code}.pdf`, pdf } };
    },

    /** The stop notice of a dossier the applicant withdrew (Thông báo dừng giải quyết hồ sơ). */
    async stopNotice(staff: StaffUser, id: number): Promise<FormResult> {
      const access = await dossiers.forStaff(staff, id);
      if (!access.ok) return access;
      const d = access.value;
      const withdrawal = (await listEvents(db, id)).filter((e) => e.type === 'withdraw').at(-1);
      if (d.status !== 'withdrawn' || !withdrawal) return noForm('Hồ sơ này không được rút, không có thông báo dừng giải quyết.');
      const extras = await repo.applicantExtras(id);
      const pdf = await renderStopNotice({
        code: d.code,
        sequenceLabel: sequenceLabel(d.code),
        form: form('stop_notice'),
        electronic: deliveredElectronically(d),
        ...header(d),
        stoppedAt: withdrawal.createdAt,
        applicant: { ...d.applicant, kind: extras.kind },
        procedureName: d.procedure.name,
        agencyName: d.procedure.leadAgencyName,
        receivedAt: d.receivedAt,
        reason: withdrawal.note ?? d.outcomeNote,
        officerName: (await repo.staffContact(withdrawal.actorId)).name,
      });
      return { ok: true, value: { filename: `thong-bao-dung-giai-quyet-${d.code}.pdf`, pdf } };
    },
  };
}
