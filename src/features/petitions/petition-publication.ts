/**
 * Publication of an answered petition (the sender consented): the anonymiser's proposal the
 * approver checks, and the texts they confirm.
 */
import { redact, segments, type PersonalData, type Segment } from '../../domain/anonymise.js';
import type { PetitionRow } from './petitions.repo.js';

/** Approve, when the sender consented to publication: the texts the approver confirmed (exactly what is published). */
export interface PublicationInput {
  content: string | null;
  answer: string | null;
  confirmed: boolean;
}

/** The fields of the approval's publication part. */
export type PublicationField = 'published_content' | 'published_answer' | 'confirm_publication';

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

/** What the approver checks before publishing (consent given, a draft to approve). */
export interface PublicationProposal {
  content: ProposedText;
  answer: ProposedText;
}

/** What the anonymiser looks for of the sender, in any spelling. */
export function senderData(p: Pick<PetitionRow, 'senderName' | 'senderAddress' | 'senderPhone' | 'senderEmail'>): PersonalData {
  return { names: [p.senderName], addresses: [p.senderAddress], phones: [p.senderPhone], emails: [p.senderEmail] };
}

export function propose(text: string, personal: PersonalData): ProposedText {
  const r = redact(text, personal);
  return { proposed: r.text, preview: segments(text, r.spans), suspected: r.spans.length };
}
