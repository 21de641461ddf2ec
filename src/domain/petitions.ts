/**
 * Feedback and petitions on administrative regulations (phản ánh, kiến nghị; Decree
 * 20/2008/NĐ-CP as amended by Decrees 48/2013 and 92/2017): what a petition is about and
 * the states it goes through. The transitions are in petition-workflow.ts.
 */
import { foldForSearch } from './text.js';

export const PETITION_KINDS = ['regulation', 'handling', 'conduct', 'other'] as const;
export type PetitionKind = (typeof PETITION_KINDS)[number];

export const PETITION_KIND_LABELS: Record<PetitionKind, string> = {
  regulation: 'Nội dung quy định hành chính',
  handling: 'Việc giải quyết thủ tục hành chính',
  conduct: 'Thái độ, hành vi của cán bộ, công chức',
  other: 'Nội dung khác',
};

/**
 * Decree 20/2008 art. 7: a petition is accepted with the sender's name, address and a way to
 * reach them. A phone or an e-mail is one; so is the Zalo account it was filed from (through
 * the OA's signed form link), since the answer is sent there.
 */
export function hasPetitionContact(c: { phone: string | null; email: string | null; zaloUserId: string | null }): boolean {
  return Boolean(c.phone?.trim() || c.email?.trim() || c.zaloUserId?.trim());
}

/** Feedback that counts against the dossier in Decision 766's rate (about its reception or processing). */
export const KINDS_AGAINST_766: readonly PetitionKind[] = ['handling', 'conduct'];

export const PETITION_STATUSES = ['received', 'accepted', 'not_in_scope', 'forwarded', 'drafted', 'answered'] as const;
export type PetitionStatus = (typeof PETITION_STATUSES)[number];

export const PETITION_STATUS_LABELS: Record<PetitionStatus, string> = {
  received: 'Đã tiếp nhận',
  accepted: 'Đã thụ lý, chờ chuyển cơ quan có thẩm quyền',
  not_in_scope: 'Không thuộc phạm vi tiếp nhận (đã trả lời)',
  forwarded: 'Đã chuyển cơ quan có thẩm quyền xử lý',
  drafted: 'Đã có dự thảo trả lời, chờ lãnh đạo duyệt',
  answered: 'Đã trả lời',
};

/** Finished: nothing more is done on them. */
export const CLOSED_PETITION_STATUSES: readonly PetitionStatus[] = ['not_in_scope', 'answered'];

export const PETITION_CHANNELS = ['web', 'zalo'] as const;
export type PetitionChannel = (typeof PETITION_CHANNELS)[number];

export const SENDER_KINDS = ['individual', 'organisation'] as const;
export type SenderKind = (typeof SENDER_KINDS)[number];

/** What the sender wrote and who they are, as a petition stores it. */
export interface PetitionSenderFields {
  content: string;
  senderKind: SenderKind;
  senderName: string;
  senderAddress: string;
  senderPhone: string | null;
  senderEmail: string | null;
  consentPublish: boolean;
  zaloUserId: string | null;
}

/** Decree 20/2008 (Art. 14 as amended): forwarded to the competent agency within 5 working days of receipt. */
export const FORWARD_WORKING_DAYS = 5;

/** The tracking code: PAKN-yymmdd-nnnn (Vietnam date of receipt, daily sequence). */
export const PETITION_CODE_RE = /^PAKN-\d{6}-\d{4}$/;

export function formatPetitionCode(day: string, sequence: number): string {
  return `PAKN-${day}-${String(sequence).padStart(4, '0')}`;
}

/** The folded text the published answers are searched in (petitions.published_search): code, content and answer. */
export function publishedSearchText(p: { code: string; content: string; answer: string }): string {
  return foldForSearch(`${p.code} ${p.content} ${p.answer}`);
}

/** The words of a search of the published answers, folded like publishedSearchText (at most 10). */
export function publishedQueryWords(q: string): string[] {
  return [...new Set(foldForSearch(q).split(/[^\p{L}\p{N}-]+/u).filter(Boolean))].slice(0, 10);
}
