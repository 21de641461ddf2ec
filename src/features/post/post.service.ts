// Over 400 lines: the hand-over records of both directions (open, add, sign, print) share one record model and read side by side.
/**
 * Post (Decision 45/2016/QĐ-TTg) at the counter. A hand-over record (biên bản giao nhận) per
 * visit of the postal worker, of one receiving agency:
 *
 * - inbound: the clerk opens the record, checks each dossier with the intake form (channel
 *   "Qua bưu chính"), which adds a draft entry (no dossier, no code, no clock yet); when both
 *   sign, every entry becomes a dossier at once, received at the signing (art. 7(3)–(4)):
 *   one transaction, one received_at, appointments computed from it, channel 'post'. Until
 *   then the dossiers are not received: cancelling the record receives none.
 * - outbound: the clerk adds results waiting to go by post, can ask the postal unit to come
 *   (art. 8(4)); when the postal worker signs, each dossier is returned through the workflow
 *   (return_result, its event) and its citizen told, a shipment per dossier is recorded and,
 *   when the VNPost connection is on, an order posted per dossier.
 *
 * An agency's staff see only their agency's records.
 */
import type { Deps } from '../../deps.js';
import { postAvailable } from '../../domain/post.js';
import type { StaffUser } from '../../domain/roles.js';
import { renderHandover, type HandoverEntry } from '../../pdf/postal-handover.js';
import type { MessagingService } from '../../platform/messaging/messaging.service.js';
import { refuse, type Outcome, type Refusal } from '../../platform/refusal/refusal.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import type { Procedure } from '../catalogue/catalogue.types.js';
import type { DossiersService } from '../dossiers/dossiers.service.js';
import type { IntakeInput } from '../intake/intake.schema.js';
import type { IntakeService } from '../intake/intake.service.js';
import type { WorkflowService } from '../workflow/workflow.service.js';
import { postRepo, type Batch, type EntryRow } from './post.repo.js';
import type { PostChoice } from '../intake/channel.schema.js';
import type { BatchInput, ResultsInput } from './post.schema.js';
import { vnpostClient, type VnpostOrder } from './vnpost.client.js';

export const POST_MESSAGES = {
  batchNotFound: 'Không tìm thấy biên bản giao nhận.',
  notOpen: 'Biên bản này đã ký hoặc đã hủy, không thay đổi được nữa.',
  wrongDirection: 'Biên bản này không phải biên bản nhận hồ sơ từ bưu chính.',
  notByPost: (name: string) =>
    `Thủ tục “${name}” không thực hiện qua dịch vụ bưu chính công ích (người nộp phải trực tiếp đến nộp, hoặc thủ tục có trong danh mục không tiếp nhận qua bưu chính). Hướng dẫn người nộp đến nộp trực tiếp.`,
  empty: 'Biên bản chưa có hồ sơ nào.',
  signedElsewhere: 'Biên bản vừa được người khác ký hoặc hủy. Trang đã được tải lại.',
  notReady: (codes: string) => `Các hồ sơ sau không còn ở trạng thái “Đã có kết quả, chờ trả”: ${codes}. Bỏ chúng ra khỏi biên bản rồi ký lại.`,
  notForPost: 'Hồ sơ được chọn không phải hồ sơ đã có kết quả, chờ trả qua bưu chính của đơn vị.',
  noEmail: 'Biên bản chưa có địa chỉ thư điện tử của đơn vị bưu chính.',
} as const;

export interface BatchView {
  batch: Batch;
  entries: Array<EntryRow & { draft: IntakeInput | null }>;
  shipments: Awaited<ReturnType<ReturnType<typeof postRepo>['shipmentsOf']>>;
}

class SignedElsewhere extends Error {}

export interface PostWiring {
  intake: Pick<IntakeService, 'receiveTogether' | 'procedure'>;
  workflow: Pick<WorkflowService, 'act'>;
  dossiers: Pick<DossiersService, 'forStaff'>;
  messaging: Pick<MessagingService, 'notifyContact' | 'enqueue'>;
}

export function postService(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>, wired: PostWiring) {
  const { db, clock, config } = deps;
  const repo = postRepo(db);

  async function openBatchOf(staff: StaffUser, id: number): Promise<Outcome<Batch, 'not_found' | 'conflict'>> {
    const batch = await repo.batch(staff.agencyId, id);
    if (!batch) return refuse('not_found', POST_MESSAGES.batchNotFound);
    if (batch.status !== 'open') return refuse('conflict', POST_MESSAGES.notOpen);
    return { ok: true, value: batch };
  }

  const draftOf = (e: EntryRow): IntakeInput | null => (e.inputJson ? (JSON.parse(e.inputJson) as IntakeInput) : null);

  /** VNPost orders for the shipments of a signed outbound record (after its commit; failures kept on the shipment). */
  async function postOrders(batch: Batch, entries: EntryRow[]): Promise<void> {
    const vn = config.post.vnpost;
    if (!vn) return;
    const agency = await repo.agencyHeading(batch.agencyId);
    const shipments = await repo.shipmentsOf(batch.id);
    const orders: VnpostOrder[] = entries.map((e) => ({
      orderNumber: e.dossierCode ?? '',
      codAmount: e.codVnd,
      senderName: agency.name,
      senderAddress: agency.address,
      senderTel: agency.hotline,
      senderProvince: vn.senderProvince,
      senderDistrict: vn.senderDistrict,
      senderDesc: `Kết quả: ${e.procedureResult || e.procedureName}`,
      description: `Biên bản ${batch.id}/BBGN`,
      receiverName: e.applicant?.name ?? '',
      receiverAddress: e.applicant?.address ?? '',
      receiverTel: e.applicant?.phone ?? '',
      receiverEmail: e.applicant?.email ?? '',
      // The citizen's VNPost codes are not known: the sender's province (a ward's citizens live there).
      receiverProvince: vn.senderProvince,
      receiverDistrict: '',
    }));
    const now = clock.now();
    let results: Awaited<ReturnType<ReturnType<typeof vnpostClient>['postOrders']>>;
    try {
      results = await vnpostClient(vn).postOrders(orders);
    } catch (err) {
      results = orders.map(() => ({ ok: false as const, error: (err as Error).message }));
    }
    for (const [i, r] of results.entries()) {
      const s = shipments.find((x) => x.dossierId === entries[i]!.dossierId);
      if (!s) continue;
      if (r.ok) await repo.updateShipment(s.id, { vnpost_status: 'posted', vnpost_error: null, waybill: s.waybill ?? r.waybill, updated_at: now });
      else await repo.updateShipment(s.id, { vnpost_status: 'failed', vnpost_error: r.error.slice(0, 500), updated_at: now });
    }
  }

  return {
    /** The agency's records (open first). */
    batches: (staff: StaffUser): Promise<Batch[]> => repo.batchesOf(staff.agencyId),

    /** The inbound records still open: the intake form's choice. */
    openInbound: (staff: StaffUser): Promise<Batch[]> => repo.openBatches(staff.agencyId, 'inbound'),

    /** The agency's results waiting to go by post. */
    readyForPost: (staff: StaffUser) => repo.readyForPost(staff),

    /** The postal unit's e-mail offered on a new record (POST_OFFICE_EMAIL). */
    defaultPostalEmail: (): string | null => config.post.officeEmail,

    async openBatch(staff: StaffUser, input: BatchInput): Promise<number> {
      return repo.insertBatch({
        agency_id: staff.agencyId,
        direction: input.direction,
        worker_name: input.workerName,
        worker_phone: input.workerPhone,
        postal_unit: input.postalUnit,
        postal_email: input.postalEmail,
        note: input.note,
        opened_by: staff.id,
        opened_at: clock.now(),
      });
    },

    async view(staff: StaffUser, id: number): Promise<Outcome<BatchView, 'not_found'>> {
      const batch = await repo.batch(staff.agencyId, id);
      if (!batch) return refuse('not_found', POST_MESSAGES.batchNotFound);
      const [entries, shipments] = await Promise.all([repo.entries(id), repo.shipmentsOf(id)]);
      return { ok: true, value: { batch, entries: entries.map((e) => ({ ...e, draft: draftOf(e) })), shipments } };
    },

    /**
     * The intake form's channel choice for this procedure: null when it may go on, else the
     * message for the `kenh` / `bien_ban` field (art. 1(2): never where the person must come).
     */
    async checkChoice(staff: StaffUser, procedure: Procedure, choice: PostChoice): Promise<Record<string, string> | null> {
      if (choice.channel === 'counter') return null;
      if (!postAvailable(procedure)) return { kenh: POST_MESSAGES.notByPost(procedure.name) };
      const batch = await repo.batch(staff.agencyId, choice.batchId);
      if (!batch) return { bien_ban: POST_MESSAGES.batchNotFound };
      if (batch.status !== 'open') return { bien_ban: POST_MESSAGES.notOpen };
      if (batch.direction !== 'inbound') return { bien_ban: POST_MESSAGES.wrongDirection };
      return null;
    },

    /**
     * A checked intake form added to an open inbound record as a draft entry (no dossier
     * yet). Once per intake key: a resent form finds its record.
     */
    async addInbound(
      staff: StaffUser,
      procedure: Procedure,
      input: IntakeInput,
      choice: Extract<PostChoice, { channel: 'post' }>,
      intakeKey: string | null,
    ): Promise<Outcome<{ batchId: number }, 'not_found' | 'conflict' | 'invalid'>> {
      if (intakeKey) {
        const earlier = await repo.entryByIntakeKey(intakeKey);
        if (earlier) return { ok: true, value: earlier };
      }
      const problem = await this.checkChoice(staff, procedure, choice);
      if (problem) return refuse('invalid', Object.values(problem)[0]!, { errors: problem });
      const added = await repo.insertEntry(choice.batchId, {
        procedure_id: procedure.id,
        input_json: JSON.stringify(input),
        intake_key: intakeKey,
        waybill: choice.waybill,
        cod_vnd: choice.codVnd,
        created_at: clock.now(),
      });
      if (!added) return refuse('conflict', POST_MESSAGES.notOpen);
      return { ok: true, value: { batchId: choice.batchId } };
    },

    /** Results added to an open outbound record: each the agency's, ready, to go by post, on no other open record. */
    async addResults(staff: StaffUser, id: number, input: ResultsInput): Promise<Outcome<number, 'not_found' | 'conflict' | 'invalid'>> {
      const open = await openBatchOf(staff, id);
      if (!open.ok) return open;
      if (open.value.direction !== 'outbound') return refuse('invalid', POST_MESSAGES.notForPost);
      const ready = new Map((await repo.readyForPost(staff)).map((d) => [d.id, d]));
      if (input.items.some((i) => !ready.has(i.dossierId))) return refuse('invalid', POST_MESSAGES.notForPost);
      const now = clock.now();
      for (const item of input.items) {
        if (!(await repo.insertEntry(id, { procedure_id: ready.get(item.dossierId)!.procedureId, dossier_id: item.dossierId, waybill: item.waybill, cod_vnd: item.codVnd, created_at: now }))) {
          return refuse('conflict', POST_MESSAGES.notOpen);
        }
      }
      return { ok: true, value: input.items.length };
    },

    async removeEntry(staff: StaffUser, id: number, entryId: number): Promise<Outcome<true, 'not_found' | 'conflict'>> {
      const open = await openBatchOf(staff, id);
      if (!open.ok) return open;
      if (!(await repo.deleteEntry(id, entryId))) return refuse('not_found', 'Không tìm thấy hồ sơ này trong biên bản.');
      return { ok: true, value: true };
    },

    /** Cancels an open record: its draft entries are discarded (an inbound record's dossiers were never received). */
    async cancel(staff: StaffUser, id: number): Promise<Outcome<true, 'not_found' | 'conflict'>> {
      const open = await openBatchOf(staff, id);
      if (!open.ok) return open;
      if (!(await repo.markCancelled(id))) return refuse('conflict', POST_MESSAGES.signedElsewhere);
      return { ok: true, value: true };
    },

    /** Art. 8(4): asks the postal unit (its e-mail on the record) to come for the results on an outbound record. */
    async notifyPickup(staff: StaffUser, id: number): Promise<Outcome<number, 'not_found' | 'conflict' | 'invalid'>> {
      const open = await openBatchOf(staff, id);
      if (!open.ok) return open;
      const batch = open.value;
      if (batch.direction !== 'outbound') return refuse('invalid', POST_MESSAGES.notForPost);
      if (!batch.postalEmail) return refuse('invalid', POST_MESSAGES.noEmail);
      const entries = await repo.entries(id);
      if (entries.length === 0) return refuse('invalid', POST_MESSAGES.empty);
      const agency = await repo.agencyHeading(batch.agencyId);
      const now = clock.now();
      await db.transaction(async (trx) => {
        await wired.messaging.enqueue(trx, {
          channel: 'email',
          recipient: batch.postalEmail!,
          template: 'post_pickup_request',
          data: { postal_unit: batch.postalUnit, agency: agency.name, count: String(entries.length), codes: entries.map((e) => e.dossierCode).join(', '), address: agency.address || agency.name },
          reference: `${batch.id}/BBGN`,
          dossierId: null,
          idempotencyKey: `post_pickup_request:${batch.id}:${now.getTime()}`,
          notBefore: now,
          now,
        });
        await repo.markPickupNotified(trx, batch.id, now);
      });
      return { ok: true, value: entries.length };
    },

    /** Both signed: the record's dossiers are received (inbound) or returned (outbound) now. */
    async sign(staff: StaffUser, id: number, ip: string | null): Promise<Outcome<{ direction: Batch['direction']; dossiers: number }, 'not_found' | 'conflict' | 'invalid'>> {
      const open = await openBatchOf(staff, id);
      if (!open.ok) return open;
      const batch = open.value;
      const entries = await repo.entries(id);
      if (entries.length === 0) return refuse('invalid', POST_MESSAGES.empty);
      return batch.direction === 'inbound' ? this.signInbound(staff, batch, entries, ip) : this.signOutbound(staff, batch, entries, ip);
    },

    async signInbound(staff: StaffUser, batch: Batch, entries: EntryRow[], ip: string | null): Promise<Outcome<{ direction: 'inbound'; dossiers: number }, 'not_found' | 'conflict'>> {
      const items = entries.map((e) => ({ procedureCode: e.procedureCode, input: draftOf(e)!, intakeKey: null }));
      try {
        const done = await wired.intake.receiveTogether(staff, items, { channel: 'post', ip }, async (trx, ids, at) => {
          if (!(await repo.markSigned(trx, batch.id, staff.id, at))) throw new SignedElsewhere();
          for (const [i, e] of entries.entries()) {
            await repo.linkEntry(trx, e.id, ids[i]!);
            await repo.insertShipment(trx, {
              dossier_id: ids[i]!,
              batch_id: batch.id,
              direction: 'inbound',
              waybill: e.waybill,
              worker_name: batch.workerName,
              postal_unit: batch.postalUnit,
              handed_over_at: at,
              delivered_at: at,
              status: 'received',
              cod_vnd: e.codVnd,
              vnpost_status: null,
              created_at: at,
              updated_at: at,
            });
          }
        });
        if (!done.ok) return done;
        return { ok: true, value: { direction: 'inbound', dossiers: done.dossierIds.length } };
      } catch (err) {
        if (err instanceof SignedElsewhere) return refuse('conflict', POST_MESSAGES.signedElsewhere);
        throw err;
      }
    },

    /**
     * Each dossier returned through the workflow (its version-guarded transaction, its event),
     * then the record signed with its shipments and the citizens' messages in one transaction.
     * A dossier already returned by an earlier, interrupted signing is not returned twice.
     */
    async signOutbound(staff: StaffUser, batch: Batch, entries: EntryRow[], ip: string | null): Promise<Outcome<{ direction: 'outbound'; dossiers: number }, 'not_found' | 'conflict' | 'invalid'>> {
      const notReady = entries.filter((e) => e.dossierStatus !== 'result_ready' && e.dossierStatus !== 'returned');
      if (notReady.length > 0) return refuse('conflict', POST_MESSAGES.notReady(notReady.map((e) => e.dossierCode).join(', ')));
      const note = `Giao qua dịch vụ bưu chính công ích: ${batch.workerName}, ${batch.postalUnit} (biên bản giao nhận số ${batch.id}/BBGN)`;
      for (const e of entries) {
        if (e.dossierStatus === 'returned') continue;
        const access = await wired.dossiers.forStaff(staff, e.dossierId!);
        if (!access.ok) return refuse('not_found', access.message);
        const acted = await wired.workflow.act(staff, e.dossierId!, { action: 'return_result', version: access.value.version, note }, ip);
        if (!acted.ok) return refuse('conflict', `${e.dossierCode}: ${acted.message}`);
      }
      const now = clock.now();
      try {
        await db.transaction(async (trx) => {
          if (!(await repo.markSigned(trx, batch.id, staff.id, now))) throw new SignedElsewhere();
          for (const e of entries) {
            await repo.insertShipment(trx, {
              dossier_id: e.dossierId!,
              batch_id: batch.id,
              direction: 'outbound',
              waybill: e.waybill,
              worker_name: batch.workerName,
              postal_unit: batch.postalUnit,
              handed_over_at: now,
              delivered_at: null,
              status: 'handed_over',
              cod_vnd: e.codVnd,
              vnpost_status: config.post.vnpost ? 'pending' : null,
              created_at: now,
              updated_at: now,
            });
            const d = await repo.contactOf(trx, e.dossierId!);
            await wired.messaging.notifyContact(trx, {
              contact: { phone: d.phone, email: d.email },
              template: 'post_result_sent',
              data: { code: d.code, postal_unit: batch.postalUnit, waybill_text: e.waybill ? `, số hiệu bưu gửi ${e.waybill}` : '', status_url: absoluteUrl(config.server.publicBaseUrl, paths.publicStatus.page(d.token)) },
              reference: d.code,
              dossierId: e.dossierId,
              key: `post_result_sent:${e.dossierId}`,
              now,
            });
          }
        });
      } catch (err) {
        if (err instanceof SignedElsewhere) return refuse('conflict', POST_MESSAGES.signedElsewhere);
        throw err;
      }
      await postOrders(batch, entries);
      return { ok: true, value: { direction: 'outbound', dossiers: entries.length } };
    },

    /** The record as a PDF: before signing (time blank, inbound codes to come) or after. */
    async pdf(staff: StaffUser, id: number): Promise<Outcome<{ filename: string; pdf: Buffer }, 'not_found'>> {
      const batch = await repo.batch(staff.agencyId, id);
      if (!batch) return refuse('not_found', POST_MESSAGES.batchNotFound);
      const [entries, agency] = await Promise.all([repo.entries(id), repo.agencyHeading(batch.agencyId)]);
      const docs = await repo.documentsOf(entries.map((e) => e.dossierId).filter((x): x is number => x !== null));
      const clerk = batch.signedBy?.name ?? staff.fullName;
      const rows: HandoverEntry[] = entries.map((e) => {
        const draft = draftOf(e);
        if (batch.direction === 'inbound') {
          const a = draft ?? { applicantName: e.applicant?.name ?? '', documents: [] as IntakeInput['documents'] };
          const list = draft ? draft.documents : (docs.get(e.dossierId!) ?? []).map((d) => ({ ...d, certifiedCopies: 0, copies: 0, position: 0 }));
          return {
            code: e.dossierCode,
            applicantName: a.applicantName,
            contact: '',
            procedureName: e.procedureName,
            documents: list.map((d) => d.name),
            waybill: e.waybill,
            codVnd: e.codVnd,
          };
        }
        const originals = (docs.get(e.dossierId!) ?? []).filter((d) => d.originals > 0).map((d) => `Bản chính trả lại: ${d.name}`);
        return {
          code: e.dossierCode,
          applicantName: e.applicant?.name ?? '',
          contact: [e.applicant?.address, e.applicant?.phone].filter(Boolean).join('; '),
          procedureName: e.procedureName,
          documents: [`Kết quả: ${e.procedureResult || e.procedureName}`, ...originals],
          waybill: e.waybill,
          codVnd: e.codVnd,
        };
      });
      const pdf = await renderHandover({
        direction: batch.direction,
        number: String(batch.id),
        governingBody: agency.governingBody,
        unitName: agency.name,
        placeName: agency.placeName,
        unitAddress: agency.address,
        date: batch.signedAt ?? batch.openedAt,
        signedAt: batch.signedAt,
        worker: { name: batch.workerName, phone: batch.workerPhone, unit: batch.postalUnit },
        clerkName: clerk,
        entries: rows,
      });
      return { ok: true, value: { filename: `bien-ban-giao-nhan-${batch.id}.pdf`, pdf } };
    },

    /** Art. 13: the procedures not available by post, for the public page. */
    notByPost: () => repo.notByPost(),

  };
}

export type PostService = ReturnType<typeof postService>;

/**
 * The VNPost tracking pass (the 'vnpost' job): the outbound shipments with an order, not yet
 * delivered, asked for their tracking; delivered ones recorded. Nothing when the connection is off.
 */
export async function trackShipments(deps: Pick<Deps, 'db' | 'config'>, now: Date, limit = 50): Promise<{ shipments_checked: number; shipments_delivered: number; tracking_failed: number }> {
  const vn = deps.config.post.vnpost;
  const counts = { shipments_checked: 0, shipments_delivered: 0, tracking_failed: 0 };
  if (!vn) return counts;
  const repo = postRepo(deps.db);
  const due = await repo.shipmentsToTrack(limit);
  if (due.length === 0) return counts;
  const results = await vnpostClient(vn).tracking(due.map((s) => s.dossierCode));
  for (const [i, r] of results.entries()) {
    const s = due[i]!;
    counts.shipments_checked++;
    if ('error' in r) {
      counts.tracking_failed++;
      await repo.updateShipment(s.id, { vnpost_error: r.error.slice(0, 500), vnpost_checked_at: now, updated_at: now });
    } else if (r.delivered) {
      counts.shipments_delivered++;
      await repo.updateShipment(s.id, { status: 'delivered', delivered_at: r.deliveredAt ?? now, vnpost_error: null, vnpost_checked_at: now, updated_at: now });
    } else {
      await repo.updateShipment(s.id, { vnpost_checked_at: now, vnpost_error: null, updated_at: now });
    }
  }
  return counts;
}
export type { Refusal };
