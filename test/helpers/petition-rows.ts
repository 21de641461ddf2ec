/**
 * Petition rows (phản ánh, kiến nghị) inserted directly, for report tests, while the
 * petitions service is being built. Every NOT NULL column of migrations/
 * 20261206000100_petitions.ts is filled; the deadlines are computed as the intake and the
 * forwarding compute them (src/domain/petition-deadline.ts) with the office's calendar read
 * from the database, so a holiday in the window moves them as it does in production.
 */
import type { Knex } from 'knex';
import type { WorkingCalendar } from '../../src/domain/calendar.js';
import { answerDueAt, forwardDueAt } from '../../src/domain/petition-deadline.js';
import { formatPetitionCode, type PetitionKind, type PetitionStatus } from '../../src/domain/petitions.js';
import { localDateOf } from '../../src/domain/time.js';

export interface PetitionRow {
  kind: PetitionKind;
  receivedAt: Date;
  /** Forwarded to the competent agency at this instant (its answer deadline follows). */
  forwardedAt?: Date;
  competentAgencyId?: number;
  /** Working days the competent agency has to answer (PETITION_ANSWER_WORKING_DAYS), default 10. */
  answerDays?: number;
  /** Answered (approved and sent) at this instant. */
  answeredAt?: Date;
  /** Answered as not in scope at this instant (no forwarding). */
  notInScopeAt?: Date;
  /** Left at 'drafted' (an answer waiting for approval) instead of 'forwarded'. */
  drafted?: boolean;
  dossierId?: number;
  officialId?: number;
  procedureId?: number;
  concernedAgencyId?: number;
  content?: string;
}

let seq = 0;

/** The status the dates imply, as the workflow would have left it. */
export function statusOf(p: PetitionRow): PetitionStatus {
  if (p.notInScopeAt) return 'not_in_scope';
  if (p.answeredAt) return 'answered';
  if (p.forwardedAt) return p.drafted ? 'drafted' : 'forwarded';
  return 'received';
}

/** Insert one petition; returns its id and the deadlines it was given. */
export async function insertPetition(db: Knex, cal: WorkingCalendar, p: PetitionRow): Promise<{ id: number; forwardDueAt: Date; answerDueAt: Date | null }> {
  if (p.forwardedAt && p.competentAgencyId === undefined) throw new Error('a forwarded petition needs its competent agency');
  seq++;
  const day = localDateOf(p.receivedAt).replace(/-/g, '').slice(2);
  const forwardDue = forwardDueAt(cal, p.receivedAt);
  const answerDue = p.forwardedAt ? answerDueAt(cal, p.forwardedAt, p.answerDays ?? 10) : null;
  const closedAt = p.notInScopeAt ?? p.answeredAt ?? null;
  const last = closedAt ?? p.forwardedAt ?? p.receivedAt;
  const [row] = await db('petitions')
    .insert({
      code: formatPetitionCode(day, seq),
      public_token: `petition-fixture-token-${String(seq).padStart(8, '0')}-${Math.random().toString(36).slice(2, 10)}`,
      kind: p.kind,
      channel: 'web',
      status: statusOf(p),
      procedure_id: p.procedureId ?? null,
      concerned_agency_id: p.concernedAgencyId ?? null,
      dossier_id: p.dossierId ?? null,
      official_id: p.officialId ?? null,
      content: p.content ?? 'Nội dung phản ánh, kiến nghị thử nghiệm.',
      sender_kind: 'individual',
      sender_name: 'Người Gửi Thử',
      sender_address: 'Đồng Nai',
      sender_phone: '0987654321',
      sender_email: null,
      consent_publish: false,
      received_at: p.receivedAt,
      forward_due_at: forwardDue,
      accepted_at: p.forwardedAt ?? null,
      forwarded_at: p.forwardedAt ?? null,
      competent_agency_id: p.competentAgencyId ?? null,
      answer_due_at: answerDue,
      answer: closedAt ? 'Nội dung trả lời thử nghiệm.' : null,
      answered_at: closedAt,
      closing_reason: p.notInScopeAt ? 'Không thuộc phạm vi tiếp nhận theo Nghị định 20/2008/NĐ-CP.' : null,
      closed_at: closedAt,
      created_at: p.receivedAt,
      updated_at: last,
    })
    .returning('id');
  const id = typeof row === 'object' ? (row as { id: number }).id : (row as number);
  return { id, forwardDueAt: forwardDue, answerDueAt: answerDue };
}
