import type { Deps } from '../../deps.js';
import { describeProcessingTime } from '../../domain/deadline.js';
import { parseDossierCode } from '../../domain/dossier-code.js';
import { RESULT_DELIVERY_LABELS } from '../../domain/status.js';
import { renderReceipt } from '../../pdf/receipt.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import type { StaffUser } from '../../domain/roles.js';
import { dossiersRepo, type Dossier } from '../dossiers/dossiers.repo.js';
import { dossiersService, type Access, type DossiersService } from '../dossiers/dossiers.service.js';
import { appendEvent } from '../dossiers/events.repo.js';

function statusUrl(baseUrl: string, token: string): string {
  return absoluteUrl(baseUrl, paths.publicStatus.page(token));
}

export function receiptData(d: Dossier, baseUrl: string, printNumber: number) {
  return {
    code: d.code,
    sequenceLabel: String(parseDossierCode(d.code)?.sequence ?? '').padStart(4, '0'),
    governingBody: d.agency.governingBody,
    unitName: d.agency.name,
    placeName: d.agency.placeName,
    hotline: d.agency.hotline,
    applicant: d.applicant,
    procedureName: d.procedure.name,
    procedureCode: d.procedure.code,
    documents: d.documents,
    setsCount: d.setsCount,
    processingTime: describeProcessingTime({ unit: d.processingUnit, amount: d.processingAmount }),
    receivedAt: d.receivedAt,
    dueAt: d.dueAt,
    resultDelivery: RESULT_DELIVERY_LABELS[d.resultDelivery],
    clerkName: d.receivedBy.name,
    statusUrl: statusUrl(baseUrl, d.publicToken),
    printNumber,
  };
}

export function receiptsService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, dossiers: DossiersService = dossiersService(deps)) {
  const repo = dossiersRepo(deps.db);
  return {
    /**
     * The receipt as last printed (its print number, so a reprint shows its mark), without
     * counting or recording anything; before the first print, the first copy.
     */
    async view(staff: StaffUser, id: number): Promise<Access<{ code: string; pdf: Buffer }>> {
      const access = await dossiers.forStaff(staff, id);
      if (!access.ok) return access;
      const dossier = access.value;
      const pdf = await renderReceipt(receiptData(dossier, deps.config.publicBaseUrl, Math.max(1, dossier.receiptPrintCount)));
      return { ok: true, value: { code: dossier.code, pdf } };
    },

    /** Render the receipt; every print (the first and each reprint) is counted and recorded. */
    async print(staff: StaffUser, id: number, ip: string | null): Promise<Access<{ code: string; pdf: Buffer }>> {
      const access = await dossiers.forStaff(staff, id);
      if (!access.ok) return access;
      const dossier = access.value;
      const printNumber = await deps.db.transaction(async (trx) => {
        const n = await repo.incrementReceiptPrints(trx, id);
        await appendEvent(trx, id, {
          type: 'receipt_printed',
          fromStatus: null,
          toStatus: null,
          actorId: staff.id,
          note: n === 1 ? 'In lần đầu' : `In lại lần ${n - 1}`,
          public: false,
          ip,
          createdAt: deps.clock.now(),
        });
        return n;
      });
      const pdf = await renderReceipt(receiptData(dossier, deps.config.publicBaseUrl, printNumber));
      return { ok: true, value: { code: dossier.code, pdf } };
    },
  };
}
