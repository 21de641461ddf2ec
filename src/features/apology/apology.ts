/**
 * The apology notice (Phiếu xin lỗi và hẹn lại ngày trả kết quả): at most one per
 * dossier — the appointment may be re-set only once. Issued by the processing officer
 * with a reason and a new date, or by the system when the appointment passed without one.
 */
import type { Knex } from 'knex';
import type { Deps } from '../../deps.js';
import { formatDateTimeVn } from '../../domain/time.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import { appendEvent } from '../dossiers/events.repo.js';
import { claimMilestone } from '../jobs/jobs.repo.js';
import { enqueueForCitizen } from '../notifications/outbox.js';

export interface ApologyTarget {
  id: number;
  code: string;
  dueAt: Date;
  phone: string;
  email: string | null;
  token: string;
  procedureName: string;
}

/**
 * Inside the caller's transaction. Returns false when the dossier already has an apology
 * (the unique milestone says so), true when this call issued it.
 */
export async function issueApology(
  trx: Knex.Transaction,
  deps: Pick<Deps, 'config'>,
  d: ApologyTarget,
  opts: { issuedBy: number | null; reason: string; newDueAt: Date; now: Date; ip: string | null; milestoneClaimed?: boolean },
): Promise<boolean> {
  if (!opts.milestoneClaimed && !(await claimMilestone(trx, d.id, 'apology', opts.now))) return false;
  await trx('dossier_apologies').insert({
    dossier_id: d.id,
    issued_at: opts.now,
    issued_by: opts.issuedBy,
    reason: opts.reason,
    previous_due_at: d.dueAt,
    new_due_at: opts.newDueAt,
  });
  await trx('dossiers')
    .where({ id: d.id })
    .update({ extended_due_at: opts.newDueAt, updated_at: opts.now, version: trx.raw('version + 1') });
  await appendEvent(trx, d.id, {
    type: 'apology_issued',
    fromStatus: null,
    toStatus: null,
    actorId: opts.issuedBy,
    note: `${opts.reason}\nHẹn lại ngày trả kết quả: ${formatDateTimeVn(opts.newDueAt)}${opts.issuedBy === null ? '\n(Hệ thống tự động phát hành)' : ''}`,
    public: true,
    ip: opts.ip,
    createdAt: opts.now,
  });
  const statusUrl = absoluteUrl(deps.config.publicBaseUrl, paths.publicStatus.page(d.token));
  await enqueueForCitizen(trx, {
    contact: { phone: d.phone, email: d.email },
    phoneChannel: deps.config.notifications.zns ? 'zns' : 'sms',
    template: 'apology',
    data: {
      code: d.code,
      procedure: d.procedureName,
      reason: opts.reason,
      old_due: formatDateTimeVn(d.dueAt),
      new_due: formatDateTimeVn(opts.newDueAt),
      status_url: statusUrl,
      pdf_url: `${statusUrl}/phieu-xin-loi.pdf`,
    },
    reference: d.code,
    dossierId: d.id,
    key: `apology:${d.id}`,
    now: opts.now,
  });
  return true;
}
