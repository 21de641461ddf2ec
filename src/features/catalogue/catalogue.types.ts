/** The procedure catalogue as the counter sees it: plain types shared by the repo, the service and its users. */
import type { ProcessingUnit } from '../../domain/deadline.js';

export interface ProcedureSummary {
  id: number;
  code: string;
  name: string;
  field: string;
  processingUnit: ProcessingUnit;
  processingAmount: number;
  nameFolded?: string;
}

export interface ProcedureDocument {
  position: number;
  name: string;
  originals: number;
  certifiedCopies: number;
  copies: number;
  required: boolean;
}

/** What a procedure's columns say beyond its identity and time: the note, fee, result, apology extension, lead agency. */
export interface ProcedureTerms {
  processingNote: string;
  feeVnd: number | null;
  feeNote: string;
  result: string;
  apologyExtensionDays: number;
  /** Null: the receiving agency processes it. */
  leadAgencyId: number | null;
}

export interface Procedure extends ProcedureSummary, ProcedureTerms {
  leadAgencyName: string | null;
  /** What recording a complete supplement does to the clock: the full statutory time again (default), or the time left. */
  supplementClock: SupplementClock;
  /** Decree 63/2024: received at or after the cut-off, counting starts the next working day. */
  nextDayAfterCutoff: boolean;
  documents: ProcedureDocument[];
  /** The version in force (procedure_versions), stamped on the dossiers it receives; null before the first. */
  versionId: number | null;
  /** Decision 45/2016: may be sent by post (false: on the published list of those not available by post). */
  byPost: boolean;
  /** The person must come in person (art. 1(2)): never by post, whatever byPost says. */
  inPerson: boolean;
}

export type { ProcedureStep, StepUnit } from './process-steps.js';

export const SUPPLEMENT_CLOCKS = ['restart', 'resume'] as const;
export type SupplementClock = (typeof SUPPLEMENT_CLOCKS)[number];
