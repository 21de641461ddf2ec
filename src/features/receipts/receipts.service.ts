import type { Deps } from '../../deps.js';
import { describeProcessingTime } from '../../domain/deadline.js';
import { formInfo, type FormInfo } from '../../domain/forms.js';
import { parseDossierCode } from '../../domain/dossier-code.js';
import { RESULT_DELIVERY_LABELS, VOIDED_STATUSES } from '../../domain/status.js';
import { addDays, localDateOf, vnInstant } from '../../domain/time.js';
import { renderReceipt, renderReceipts } from '../../pdf/receipt.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import type { StaffUser } from '../../domain/roles.js';
import { dossiersRepo, type Dossier } from '../dossiers/dossiers.repo.js';
import { dossiersService, type Access, type DossiersService } from '../dossiers/dossiers.service.js';
import { appendEvent } from '../dossiers/events.repo.js';
import { MAX_BATCH, type BatchRequest } from './receipts.schema.js';
import { receiptsRepo, type ReceiptExtras } from './receipts.repo.js';
import { refuse, type Refusal } from '../../platform/refusal/refusal.js';

/** The transaction a print is recorded in. */
type Trx = Parameters<Parameters<Deps['db']['transaction']>[0]>[0];

/** A batch that prints nothing, and why (the route maps the reason to a status). */
export type BatchRefusal = Refusal<'not_found' | 'forbidden' | 'invalid'>;

function statusUrl(baseUrl: string, token: string): string {
  return absoluteUrl(baseUrl, paths.publicStatus.page(token));
}

/**
 * What the receipt of `d` prints. `extras` (the applicant's kind, the representative's
 * details) and `form` (the registry's label and suffix) are optional so that older callers
 * still get a person's receipt in the 2025 numbering.
 */
export function receiptData(d: Dossier, baseUrl: string, printNumber: number, extras?: ReceiptExtras, form?: FormInfo) {
  return {
    form,
    representative: extras?.representative ?? null,
    code: d.code,
    sequenceLabel: String(parseDossierCode(d.code)?.sequence ?? '').padStart(4, '0'),
    governingBody: d.agency.governingBody,
    unitName: d.agency.name,
    placeName: d.agency.placeName,
    hotline: d.agency.hotline,
    applicant: { ...d.applicant, kind: extras?.kind ?? 'person' },
    procedureName: d.procedure.name,
    procedureCode: d.procedure.code,
    documents: d.documents,
    setsCount: d.setsCount,
    processingTime: describeProcessingTime({ unit: d.processingUnit, amount: d.processingAmount }),
    receivedAt: d.receivedAt,
    // The appointment as printed at receipt: a reprint never shows a recomputed one (pages do).
    dueAt: d.originalDueAt,
    resultDelivery: RESULT_DELIVERY_LABELS[d.resultDelivery],
    clerkName: d.receivedBy.name,
    statusUrl: statusUrl(baseUrl, d.publicToken),
    lookupUrl: absoluteUrl(baseUrl, paths.publicStatus.lookup),
    procedureUrl: absoluteUrl(baseUrl, paths.catalogue.procedure(d.procedure.code)),
    printNumber,
    voided: VOIDED_STATUSES.includes(d.status) ? { reason: d.outcomeNote } : null,
  };
}

export function receiptsService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, dossiers: DossiersService = dossiersService(deps)) {
  const repo = dossiersRepo(deps.db);
  const own = receiptsRepo(deps.db);
  const form = () => formInfo('receipt', deps.config.forms.numbering, deps.config.forms.suffixes);
  /** The receipt data of each dossier, with its extras and the registry's form. */
  async function dataOf(ds: readonly Dossier[], printNumbers: readonly number[]) {
    const extras = await own.extras(ds.map((d) => d.id));
    return ds.map((d, i) => receiptData(d, deps.config.server.publicBaseUrl, printNumbers[i]!, extras.get(d.id), form()));
  }

  /** Count one print of `id` and record it on its chain, inside `trx`; the print number. */
  async function recordPrint(trx: Trx, staff: StaffUser, id: number, ip: string | null, now: Date): Promise<number> {
    const n = await repo.incrementReceiptPrints(trx, id);
    await appendEvent(trx, id, {
      type: 'receipt_printed',
      fromStatus: null,
      toStatus: null,
      actorId: staff.id,
      note: n === 1 ? 'In lần đầu' : `In lại lần ${n - 1}`,
      public: false,
      ip,
      createdAt: now,
    });
    return n;
  }

  /** The dossiers of a batch request, each one the caller may see, or why not. */
  async function batchDossiers(staff: StaffUser, request: BatchRequest): Promise<{ ok: true; value: Dossier[] } | BatchRefusal> {
    let ids: number[];
    if (request.kind === 'today') {
      const today = localDateOf(deps.clock.now());
      ids = await own.receivedBetween(staff, vnInstant(today), vnInstant(addDays(today, 1)), VOIDED_STATUSES, MAX_BATCH + 1);
      if (ids.length === 0) return refuse('invalid', 'Hôm nay đơn vị chưa tiếp nhận hồ sơ nào để in giấy tiếp nhận.');
      if (ids.length > MAX_BATCH) {
        return refuse('invalid', `Hôm nay đơn vị đã tiếp nhận hơn ${MAX_BATCH} hồ sơ: mỗi lần in được tối đa ${MAX_BATCH} giấy. Vui lòng chọn từng nhóm hồ sơ trong danh sách.`);
      }
    } else {
      ids = request.ids;
    }
    const found: Dossier[] = [];
    for (const id of ids) {
      const access = await dossiers.forStaff(staff, id);
      if (!access.ok) {
        return access.reason === 'not_found'
          ? refuse('not_found', `Không tìm thấy hồ sơ số ${id}. Không giấy tiếp nhận nào được in.`)
          : refuse('forbidden', 'Danh sách có hồ sơ thuộc đơn vị khác. Không giấy tiếp nhận nào được in.');
      }
      found.push(access.value);
    }
    return { ok: true, value: found };
  }

  return {
    /**
     * The receipt as last printed (its print number, so a reprint shows its mark), without
     * counting or recording anything; before the first print, the first copy.
     */
    async view(staff: StaffUser, id: number): Promise<Access<{ code: string; pdf: Buffer }>> {
      const access = await dossiers.forStaff(staff, id);
      if (!access.ok) return access;
      const dossier = access.value;
      const [data] = await dataOf([dossier], [Math.max(1, dossier.receiptPrintCount)]);
      const pdf = await renderReceipt(data!);
      return { ok: true, value: { code: dossier.code, pdf } };
    },

    /**
     * Count and record one print (the first or a reprint); the copy itself is then fetched with
     * `view`, which shows it as just printed (the route redirects there: a reload of the PDF
     * never counts another print).
     */
    async print(staff: StaffUser, id: number, ip: string | null): Promise<Access<{ printNumber: number }>> {
      const access = await dossiers.forStaff(staff, id);
      if (!access.ok) return access;
      const printNumber = await deps.db.transaction((trx) => recordPrint(trx, staff, id, ip, deps.clock.now()));
      return { ok: true, value: { printNumber } };
    },

    /**
     * Several receipts as one PDF, each as last printed, recording nothing: what a batch print
     * redirects to. Every dossier must be the caller's to see, or nothing is rendered.
     */
    async viewBatch(staff: StaffUser, ids: number[]): Promise<{ ok: true; value: { count: number; pdf: Buffer } } | BatchRefusal> {
      const batch = await batchDossiers(staff, { kind: 'ids', ids });
      if (!batch.ok) return batch;
      const pdf = await renderReceipts(await dataOf(batch.value, batch.value.map((d) => Math.max(1, d.receiptPrintCount))));
      return { ok: true, value: { count: batch.value.length, pdf } };
    },

    /**
     * Several receipts as one PDF, one per page: today's of the caller's agency (voided ones
     * left out) or the selected dossiers. Every receipt's print is counted and recorded
     * exactly as a single print is, all in one transaction; if any dossier is missing or
     * not the caller's to see, nothing is printed or recorded. The dossiers printed, in order:
     * `viewBatch` renders them.
     */
    async printBatch(staff: StaffUser, request: BatchRequest, ip: string | null): Promise<{ ok: true; value: { ids: number[] } } | BatchRefusal> {
      const batch = await batchDossiers(staff, request);
      if (!batch.ok) return batch;
      const now = deps.clock.now();
      await deps.db.transaction(async (trx) => {
        for (const d of batch.value) await recordPrint(trx, staff, d.id, ip, now);
      });
      return { ok: true, value: { ids: batch.value.map((d) => d.id) } };
    },
  };
}
