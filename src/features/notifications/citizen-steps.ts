/**
 * The steps of a dossier a citizen is told of, once each, through the outbox. Callers
 * (intake, workflow, apology, the sweeps) name the step inside their own transaction;
 * the notifications feature reads the dossier, picks the template, honours the admin's
 * template switches, and stores one message per channel under an idempotency key.
 */
export type CitizenStep =
  /** The electronic receipt at intake: code, procedure, appointment, status link. */
  | { kind: 'receipt' }
  /**
   * Papers missing: the items (one per line) and where to bring them. Each request of a
   * dossier is its own notice: `round` is its ordinal (1 for the first); left out, it is
   * the number of supplement pauses the dossier has had so far.
   */
  | { kind: 'supplement_request'; items: string; round?: number }
  /** The result is ready: early (with the working days early) or on time; how to collect. */
  | { kind: 'result_ready' }
  /** Refused, with the reason. */
  | { kind: 'refused'; reason: string }
  /** Withdrawn at the applicant's request (the stop notice), with the reason. */
  | { kind: 'withdrawn'; reason: string }
  /** A mistaken intake cancelled at the counter, with the reason. */
  | { kind: 'voided'; reason: string }
  /** An apology issued: the new appointment. */
  | { kind: 'apology_issued'; newDueAt: Date; reason: string }
  /** The appointment passed unfinished with no apology: the agency will contact them. */
  | { kind: 'overdue_notice' }
  /** A public answer to the citizen's status-page question (one notice per answered question). */
  | { kind: 'question_answered'; questionId: number };

export type CitizenStepKind = CitizenStep['kind'];
