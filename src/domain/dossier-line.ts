/** What every staff list shows of a dossier (the search, the queue, the day's receipts). */
import type { DossierStatus } from './status.js';

export interface DossierLine {
  id: number;
  code: string;
  status: DossierStatus;
  applicantName: string;
  procedureName: string;
  receivedAt: Date;
}
