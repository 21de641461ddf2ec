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

export interface Procedure extends ProcedureSummary {
  processingNote: string;
  feeVnd: number | null;
  feeNote: string;
  result: string;
  apologyExtensionDays: number;
  /** Null: the receiving agency processes it. */
  leadAgencyId: number | null;
  leadAgencyName: string | null;
  documents: ProcedureDocument[];
}
