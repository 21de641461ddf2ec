/**
 * One synthetic dossier, from the counter to the citizen's rating: its code, applicant and
 * documents, the plan of its life (plan.ts) applied through the state machine (life.ts),
 * and its rating, as rows of every table with a valid hash chain of events.
 */
import { computeAppointment, type DeadlineRules, type ProcessingTime } from '../../src/domain/deadline.js';
import type { WorkingCalendar } from '../../src/domain/calendar.js';
import { codeDatePart, formatDossierCode } from '../../src/domain/dossier-code.js';
import { dossierSearchWords } from '../../src/domain/search-words.js';
import { MINUTE_MS } from '../../src/domain/time.js';
import { live } from './life.js';
import { applicant } from './people.js';
import { d, planSteps, type Outcome } from './plan.js';
import type { Prng } from './prng.js';
import type { AgencyCtx, ProcedureCtx } from './setup.js';
import { PRAISE_COMMENTS, UNSATISFIED_COMMENTS } from './vocab.js';
import {
  APOLOGIES,
  DOCUMENTS,
  DOSSIERS,
  EVENTS,
  HANDOVERS,
  MILESTONES,
  PAUSES,
  RATINGS,
  SEARCH_WORDS,
  type ApologyRecord,
  type DocumentRecord,
  type DossierRecord,
  type EventRecord,
  type HandoverRecord,
  type MilestoneRecord,
  type PauseRecord,
  type RatingRecord,
  type SearchWordRecord,
} from './tables.js';
import type { Row, TableSpec } from './writer.js';

export interface SimContext {
  rng: Prng;
  cal: WorkingCalendar;
  rules: DeadlineRules;
  /** Nothing happens at or after this instant (epoch ms). */
  asOf: number;
  /** For dossiers that can finish before their appointment's date: P(early), P(on time); late is the rest. */
  early: number;
  onTime: number;
}

/** Records of one transaction's worth of dossiers, and the dossier_sequences values they reached. */
export class Batch {
  dossiers: DossierRecord[] = [];
  documents: DocumentRecord[] = [];
  events: EventRecord[] = [];
  handovers: HandoverRecord[] = [];
  pauses: PauseRecord[] = [];
  milestones: MilestoneRecord[] = [];
  apologies: ApologyRecord[] = [];
  ratings: RatingRecord[] = [];
  searchWords: SearchWordRecord[] = [];
  sequences = new Map<string, { agencyId: number; day: string; value: number }>();

  /** Every table's rows in column order: dossiers first, then the child tables in foreign-key order. */
  tables(): Array<{ table: TableSpec; rows: Row[] }> {
    return [
      { table: DOSSIERS, rows: this.dossiers.map(DOSSIERS.row) },
      { table: DOCUMENTS, rows: this.documents.map(DOCUMENTS.row) },
      { table: HANDOVERS, rows: this.handovers.map(HANDOVERS.row) },
      { table: PAUSES, rows: this.pauses.map(PAUSES.row) },
      { table: EVENTS, rows: this.events.map(EVENTS.row) },
      { table: MILESTONES, rows: this.milestones.map(MILESTONES.row) },
      { table: APOLOGIES, rows: this.apologies.map(APOLOGIES.row) },
      { table: RATINGS, rows: this.ratings.map(RATINGS.row) },
      { table: SEARCH_WORDS, rows: this.searchWords.map(SEARCH_WORDS.row) },
    ];
  }
}

export interface Stats {
  dossiers: number;
  status: Record<string, number>;
  completion: Record<string, number>;
  withPause: number;
  apologies: number;
  overdueFlagged: number;
  ratings: number;
}

export function emptyStats(): Stats {
  return { dossiers: 0, status: {}, completion: {}, withPause: 0, apologies: 0, overdueFlagged: 0, ratings: 0 };
}

export interface Slot {
  receivedAt: number;
  agency: AgencyCtx;
  procedure: ProcedureCtx;
  outcome: Outcome;
}

/**
 * Simulate one dossier and append its rows to `b`. `id` is the dossier's id; `sequences`
 * holds the last daily sequence per agency and day (updated here).
 */
export function simulate(ctx: SimContext, b: Batch, stats: Stats, id: number, slot: Slot, sequences: Map<string, number>): void {
  const { rng, cal, rules, asOf } = ctx;
  const { agency, procedure: proc } = slot;
  const R = slot.receivedAt;

  // Code: per agency and Vietnam day, continuing whatever dossier_sequences already holds.
  const day = codeDatePart(d(R));
  const seqKey = `${agency.id}|${day}`;
  const seq = (sequences.get(seqKey) ?? 0) + 1;
  sequences.set(seqKey, seq);
  b.sequences.set(seqKey, { agencyId: agency.id, day, value: seq });
  const code = formatDossierCode(agency.eid, d(R), seq);

  const person = applicant(rng, agency.placeKind ? { place: agency.placeName, kind: agency.placeKind } : null);
  const channel = rng.chance(0.2) ? 'online' : rng.chance(0.03) ? 'post' : 'counter';
  const delivery = channel === 'online' && rng.chance(0.5) ? 'online' : rng.chance(0.08) ? 'post' : rng.chance(0.06) ? 'online' : 'counter';
  const time: ProcessingTime = { unit: proc.unit, amount: proc.amount };
  const due0 = computeAppointment(cal, time, d(R), [], rules).getTime();
  const clerk = rng.pick(agency.clerks);
  const officer = rng.pick(agency.officers);
  const supervisor = rng.pick(agency.supervisors);

  const steps = planSteps({ ...ctx, agency, time, extensionDays: proc.extensionDays, receivedAt: R, due0, outcome: slot.outcome, channel, delivery, person, clerk, officer, supervisor });
  const life = live({ cal, rules, asOf, id, code, agency, procedure: proc, time, clerk, receivedAt: R, due0 }, steps, b, stats);
  const { status, completion } = life;

  // Rating: about three in ten returned dossiers, a little after the return.
  if (status === 'returned' && life.returnedAt !== null && rng.chance(0.3)) {
    const at = life.returnedAt + rng.int(10, 72 * 60) * MINUTE_MS;
    if (at < asOf) {
      const u = rng.next();
      const level = completion === 'late' ? (u < 0.35 ? 'unsatisfied' : u < 0.75 ? 'satisfied' : 'very_satisfied') : u < 0.05 ? 'unsatisfied' : u < 0.42 ? 'satisfied' : 'very_satisfied';
      const comment = level === 'unsatisfied' ? rng.pick(UNSATISFIED_COMMENTS) : rng.chance(0.06) ? rng.pick(PRAISE_COMMENTS) : null;
      const crit = () => (level === 'unsatisfied' ? rng.int(0, 1) : level === 'satisfied' ? rng.int(1, 2) : rng.chance(0.9) ? 2 : 1);
      const answered = rng.chance(0.4);
      // Drawn in the order the rating form asks them.
      const criterion = () => (answered ? crit() : null);
      const time = criterion();
      const contacts = criterion();
      const agencies = criterion();
      const attitude = criterion();
      const publicity = criterion();
      b.ratings.push({
        dossier_id: id,
        level,
        comment,
        criterion_time: time,
        criterion_contacts: contacts,
        criterion_agencies: agencies,
        criterion_attitude: attitude,
        criterion_publicity: publicity,
        officer_id: life.completedBy ?? life.assignedTo,
        agency_id: agency.id,
        created_at: d(at),
      });
      stats.ratings++;
    }
  }

  for (const doc of proc.documents) {
    if (!doc.required && !rng.chance(0.5)) continue;
    b.documents.push({ dossier_id: id, position: doc.position, name: doc.name, originals: doc.originals, certified_copies: doc.certifiedCopies, copies: doc.copies });
  }

  // Field order follows the rng draws: the token first, then the number of sets.
  const publicToken = rng.token(24);
  const setsCount = rng.chance(0.9) ? 1 : rng.int(2, 3);
  b.dossiers.push({
    id,
    code,
    public_token: publicToken,
    agency_id: agency.id,
    processing_agency_id: agency.id,
    procedure_id: proc.id,
    status,
    applicant_name: person.name,
    applicant_name_folded: person.folded,
    applicant_id_number: person.idNumber,
    applicant_phone: person.phone,
    applicant_email: person.email,
    applicant_address: person.address,
    representative_name: person.representative,
    result_delivery: delivery,
    channel,
    sets_count: setsCount,
    note: null,
    processing_unit: proc.unit,
    processing_amount: proc.unit === 'same_day' ? 0 : proc.amount,
    received_at: d(R),
    original_due_at: d(due0),
    due_at: d(life.dueNow),
    finished_at: orNull(life.finishedAt),
    received_by: clerk.id,
    assigned_to: life.assignedTo,
    receipt_print_count: life.prints,
    version: life.version,
    created_at: d(R),
    updated_at: d(life.updatedAt),
    assigned_agency_id: life.assignedAgency,
    completion,
    returned_at: orNull(life.returnedAt),
    returned_to: life.returnedTo,
    outcome_note: life.outcomeNote,
    extended_due_at: orNull(life.extendedDue),
    overdue_at: orNull(life.overdueAt),
    completed_by: life.completedBy,
    escalated_at: orNull(life.escalatedAt),
    early_notified_at: orNull(life.earlyNotifiedAt),
  });
  // No random draws: the other tables are the same as before the word index.
  for (const word of dossierSearchWords({ name: person.name, code })) b.searchWords.push({ dossier_id: id, word });
  stats.dossiers++;
  stats.status[status] = (stats.status[status] ?? 0) + 1;
  if (completion && status !== 'refused') stats.completion[completion] = (stats.completion[completion] ?? 0) + 1;
}

const orNull = (ms: number | null) => (ms === null ? null : d(ms));
