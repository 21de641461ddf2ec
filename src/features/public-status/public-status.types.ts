/** What the public status page shows of a dossier (built by public-status.service.ts, re-told in the visitor's language by public-status.present.ts). */
import type { Remaining, SupplementClock } from '../../domain/deadline.js';
import type { DossierStatus } from '../../domain/status.js';
import type { Completion } from '../../domain/workflow.js';
import type { PublicQuestion } from '../questions/questions.service.js';
import type { RATING_FORM_OPTIONS, RatingLevel } from '../ratings/rating.js';

export interface PublicStatus {
  code: string;
  agencyName: string;
  leadAgencyName: string;
  procedureName: string;
  /** The procedure's English name where the catalogue has one (the English page shows it; never blank there: procedureName otherwise). */
  procedureNameEn: string | null;
  procedureCode: string;
  applicantMasked: string;
  status: DossierStatus;
  statusLabel: string;
  statusNote: string;
  /** The clock rule the dossier was received under (the status note and clock note depend on it). */
  supplementClock: SupplementClock;
  /** How the result came against the appointment (results only show it: completionLabel). */
  completion: Completion | null;
  /** Under restart, when the complete supplement was recorded (clockNote says so). */
  restartedAt: Date | null;
  receivedAt: Date;
  /** The appointment in force: the one re-set by an apology, else the statutory one (domain/appointment.ts, as the staff page). */
  dueAt: Date;
  /** When an apology re-set the appointment: the one it replaced, and where to download the notice. */
  apology: { previousDueAt: Date; pdfPath: string } | null;
  /** The receipt's printed appointment, when the statutory one moved away from it. */
  receiptDueAt: Date | null;
  /** Why it moved ("Thời hạn được tính lại từ đầu kể từ khi nhận đủ hồ sơ bổ sung lúc …"), as on the staff page. */
  clockNote: string | null;
  /** Awaiting a supplement under restart: no appointment yet (it is computed again from the complete supplement); dueAt is the one before the request. */
  awaitingRestart: boolean;
  updatedAt: Date;
  /** Null once the dossier is finished or while the clock is paused. */
  remaining: Remaining | null;
  /** "Còn 1 ngày làm việc", "Đến hạn hôm nay", "Quá hạn 2 ngày làm việc", "Thời hạn đang tạm dừng"; null once finished. */
  remainingText: string | null;
  /** "Trước hạn" / "Đúng hạn" / "Quá hạn", for a result only (never refused, withdrawn or voided). */
  completionLabel: string | null;
  paused: boolean;
  finished: boolean;
  /** What to bring to collect the result: only while a result is still to be collected. */
  showWhatToBring: boolean;
  /** A voided intake has no appointment any more (the status note says it was cancelled). */
  showAppointment: boolean;
  hotline: string;
  agencyAddress: string;
  timeline: Array<{ at: Date; type: string; label: string; note: string | null }>;
  /** What the office told the citizen: which message, by which channel, when (no recipient). */
  messages: Array<{ channel: string; template: string; channelLabel: string; templateTitle: string; statusLabel: string; createdAt: Date; deliveredAt: Date | null }>;
  /** While awaiting a supplement: what the citizen must bring, one item per line, and why. */
  supplementItems: string[];
  supplementReason: string | null;
  /** Satisfaction rating: offered once the result is returned, once per dossier. */
  rating: PublicRating;
  /** The citizen's questions and the public answers, newest last (staff read as "Cán bộ xử lý"). */
  questions: PublicQuestion[];
  /** Where the question form posts; null once the dossier is closed (no new question). */
  askAction: string | null;
  /**
   * The electronic result (src/features/dossier-files): its download link once the hand-back
   * rules are met, or why not yet (the fees); null when there is none to show.
   */
  resultFile: { state: 'available'; path: string; name: string; signed: boolean | null } | { state: 'waiting'; reason: string } | null;
}

export interface PublicRating {
  /** Returned and not rated yet: the form is shown. */
  canRate: boolean;
  /** The rating already given (its level only: the comment is never shown publicly). */
  given: { level: RatingLevel; levelLabel: string; createdAt: Date } | null;
  /** Where the form posts, and what it offers. */
  action: string;
  options: typeof RATING_FORM_OPTIONS;
}
