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

export const PETITION_STATUSES = ['received', 'accepted', 'not_in_scope', 'forwarded', 'forwarded_external', 'drafted', 'kept_for_study', 'answered'] as const;
export type PetitionStatus = (typeof PETITION_STATUSES)[number];

export const PETITION_STATUS_LABELS: Record<PetitionStatus, string> = {
  received: 'Đã tiếp nhận',
  accepted: 'Đã thụ lý, chờ chuyển cơ quan có thẩm quyền',
  not_in_scope: 'Không thuộc phạm vi tiếp nhận (đã trả lời)',
  forwarded: 'Đã chuyển cơ quan có thẩm quyền xử lý',
  forwarded_external: 'Đã chuyển cơ quan có thẩm quyền ngoài tỉnh (bộ, ngành, tỉnh khác)',
  drafted: 'Đã có dự thảo trả lời, chờ lãnh đạo duyệt',
  kept_for_study: 'Chưa đủ cơ sở, tiếp tục nghiên cứu',
  answered: 'Đã trả lời',
};

/** Finished: nothing more is done on them. */
export const CLOSED_PETITION_STATUSES: readonly PetitionStatus[] = ['not_in_scope', 'forwarded_external', 'answered'];

/** Waiting for the control unit to forward (the 5 working days of art. 9(1)(d) run). */
export const TRIAGE_PETITION_STATUSES: readonly PetitionStatus[] = ['received', 'accepted'];
/** With the competent agency, the answer deadline running (kept for study waits for its review date instead). */
export const ANSWERING_PETITION_STATUSES: readonly PetitionStatus[] = ['forwarded', 'drafted'];

/**
 * How a petition arrived (art. 6): the web form, Zalo, a letter or a phone call written down by
 * the control unit's staff (art. 7(2)(đ), 9(1)(b)–(c)), or a citizen's question turned into one.
 */
export const PETITION_CHANNELS = ['web', 'zalo', 'letter', 'phone', 'question'] as const;
export type PetitionChannel = (typeof PETITION_CHANNELS)[number];

export const PETITION_CHANNEL_LABELS: Record<PetitionChannel, string> = {
  web: 'Cổng trực tuyến',
  zalo: 'Zalo',
  letter: 'Văn bản, thư gửi đến',
  phone: 'Điện thoại',
  question: 'Câu hỏi trên trang tra cứu hồ sơ',
};

/** The channels the control unit's staff enter by hand (art. 6): a letter or a phone call. */
export const RECORDED_CHANNELS = ['letter', 'phone'] as const satisfies readonly PetitionChannel[];
export type RecordedChannel = (typeof RECORDED_CHANNELS)[number];

/**
 * Why a petition is not in scope, the only reasons the decree gives: art. 7 (it lacks the
 * sender's name, address or a contact; it is not about an administrative regulation or its
 * implementation) and art. 1 (a complaint or a denunciation, which follow their own laws).
 */
export const SCOPE_REASONS = ['missing_identity', 'not_regulation', 'complaint', 'denunciation'] as const;
export type ScopeReason = (typeof SCOPE_REASONS)[number];

export const SCOPE_REASON_LABELS: Record<ScopeReason, string> = {
  missing_identity: 'Thiếu họ tên, địa chỉ hoặc thông tin liên hệ của người phản ánh (Điều 7 Nghị định 20/2008/NĐ-CP)',
  not_regulation: 'Không phải phản ánh, kiến nghị về quy định hành chính hoặc việc thực hiện quy định hành chính (Điều 7 Nghị định 20/2008/NĐ-CP)',
  complaint: 'Là khiếu nại: giải quyết theo pháp luật về khiếu nại (Điều 1 Nghị định 20/2008/NĐ-CP)',
  denunciation: 'Là tố cáo: giải quyết theo pháp luật về tố cáo (Điều 1 Nghị định 20/2008/NĐ-CP)',
};

/**
 * The handling result of an answer (art. 14(2)(b)–(d), art. 15): amend or abolish the
 * regulation, recommend that to the competent body, issue a new regulation, or explain it
 * (no change).
 */
export const PETITION_OUTCOMES = ['amend_abolish', 'recommend', 'issue_new', 'explain'] as const;
export type PetitionOutcome = (typeof PETITION_OUTCOMES)[number];

export const PETITION_OUTCOME_LABELS: Record<PetitionOutcome, string> = {
  amend_abolish: 'Sửa đổi, bổ sung, thay thế hoặc bãi bỏ quy định hành chính',
  recommend: 'Kiến nghị cơ quan có thẩm quyền sửa đổi, bãi bỏ quy định',
  issue_new: 'Ban hành mới quy định hành chính',
  explain: 'Giải thích, hướng dẫn (giữ nguyên quy định)',
};

/** What an answer deadline counts from (PETITION_ANSWER_FROM, per kind). */
export const ANSWER_COUNTED_FROM = ['receipt', 'forwarding'] as const;
export type AnswerCountedFrom = (typeof ANSWER_COUNTED_FROM)[number];

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
  /** Legacy (before issue 25): the sender's answer to "publish the answer?"; new filings write consentNamed here too. */
  consentPublish: boolean;
  /** The sender agrees to be named when the handling result is published (art. 19: publication itself is not theirs to refuse). */
  consentNamed: boolean;
  zaloUserId: string | null;
}

/** Decree 20/2008 art. 9(1)(d) (consolidated text): handled or forwarded to the competent body, even outside the province, within 5 working days of receipt. */
export const FORWARD_WORKING_DAYS = 5;

/** The tracking code: PAKN-yymmdd-nnnn (Vietnam date of receipt, daily sequence). */
export const PETITION_CODE_RE = /^PAKN-\d{6}-\d{4}$/;
/** The same inside a text (no anchors; a sequence may outgrow four digits), for the anonymiser. */
export const PETITION_CODE_PATTERN = 'PAKN-\\d{6}-\\d{4,}';

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

/** The `settings` key naming the TTHC control unit's agency (art. 8; an administrator's setting). */
export const CONTROL_UNIT_SETTING = 'petitions.control_unit_agency_id';
