/**
 * Publication of an answered petition (Decree 20/2008 art. 19, 14(2)(đ)): the head publishes
 * every handling result, anonymised, or withholds it with a recorded reason. The sender's
 * consent decides only whether they are named (their name is then left in the proposal and
 * shown beside the published answer). The anonymiser's proposal is what the approver checks;
 * the texts they confirm are exactly what is published.
 */
import { redact, segments, type PersonalData, type Segment } from '../../domain/anonymise.js';
import type { PetitionRow } from './petitions.repo.js';

/** Approve or publish: the texts the approver confirmed (exactly what is published), or the reason to withhold it. */
export interface PublicationInput {
  content: string | null;
  answer: string | null;
  confirmed: boolean;
  /** Approve only: withhold publication, with this reason (shown in the report). */
  withheldReason?: string | null;
}

/** The fields of the approval's publication part. */
export type PublicationField = 'published_content' | 'published_answer' | 'confirm_publication' | 'withheld_reason';

export const PUBLICATION_MESSAGES = {
  content: 'Nhập nội dung phản ánh, kiến nghị được công khai (đã ẩn thông tin cá nhân).',
  answer: 'Nhập nội dung trả lời được công khai (đã ẩn thông tin cá nhân).',
  confirm: 'Đánh dấu ô xác nhận đã kiểm tra nội dung công khai (không còn thông tin cá nhân của người phản ánh hay người khác) để duyệt và công khai.',
} as const;

/** One text proposed for publication: the anonymiser's redaction, and the original cut at what it suspected. */
export interface ProposedText {
  proposed: string;
  preview: Segment[];
  suspected: number;
}

/** What the approver checks before publishing (a draft to approve, or an answer whose publication is pending). */
export interface PublicationProposal {
  content: ProposedText;
  answer: ProposedText;
}

/** What the anonymiser looks for of the sender, in any spelling. */
export function senderData(p: Pick<PetitionRow, 'senderName' | 'senderAddress' | 'senderPhone' | 'senderEmail'>): PersonalData {
  return { names: [p.senderName], addresses: [p.senderAddress], phones: [p.senderPhone], emails: [p.senderEmail] };
}

/** The anonymiser's proposal: every personal item replaced, except the sender's name when they agreed to be named. */
export function propose(text: string, personal: PersonalData, consentNamed = false): ProposedText {
  const r = redact(text, personal, consentNamed ? { keep: ['name'] } : {});
  return { proposed: r.text, preview: segments(text, r.spans), suspected: r.spans.length };
}
