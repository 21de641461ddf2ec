/** What the staff pages of petitions show: the list's items, one petition's page, its deadlines and timeline labels. */
import { describeWorkingTimeLeft, workingTimeLeft } from '../../domain/petition-deadline.js';
import { PETITION_EVENT_TYPES, PETITION_TRANSITIONS, type PetitionAction } from '../../domain/petition-workflow.js';
import type { PetitionStatus } from '../../domain/petitions.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { PetitionEvent } from './petition-events.repo.js';
import { CONDUCT_EVENT } from './petition-notices.js';
import type { PublicationProposal } from './petition-publication.js';
import type { PetitionRow } from './petitions.repo.js';

export interface Deadline {
  label: string;
  due: Date;
  /** "còn 2 ngày 3 giờ làm việc" / "quá hạn …"; null once met. */
  left: string | null;
  overdue: boolean;
  metAt: Date | null;
}

export interface ListItem {
  id: number;
  code: string;
  kind: string;
  status: PetitionStatus;
  statusLabel: string;
  excerpt: string;
  receivedAt: Date;
  agencyName: string | null;
  deadline: Deadline | null;
  overdue: boolean;
  /** Feedback about an official of the viewer's agency (a supervisor's concern). */
  aboutOurStaff: boolean;
  /** Kept for study (art. 14(2)(b)): the review date (dd/mm/yyyy) and whether it has come. */
  review: { on: string; reached: boolean } | null;
}


export interface PetitionPage {
  p: PetitionRow;
  /** Set when the viewer may approve and the sender consented to publication. */
  publication: PublicationProposal | null;
  kindLabel: string;
  statusLabel: string;
  version: number;
  deadlines: Deadline[];
  events: Array<PetitionEvent & { label: string }>;
  actions: PetitionAction[];
  agencies: Array<{ id: number; name: string }>;
  aboutOurStaff: boolean;
}

const EVENT_LABELS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(PETITION_EVENT_TYPES).map(([a, t]) => [t, PETITION_TRANSITIONS[a as PetitionAction].label])),
  received: 'Tiếp nhận phản ánh, kiến nghị',
  petition_received: 'Tiếp nhận phản ánh, kiến nghị',
  [CONDUCT_EVENT]: 'Báo lãnh đạo của cán bộ bị phản ánh',
  petition_consent_named: 'Người phản ánh cho biết ý kiến về việc nêu họ tên khi công khai',
  petition_review_due: 'Đến ngày xem xét lại (tiếp tục nghiên cứu)',
  petition_forward_reminder: 'Nhắc hạn chuyển xử lý',
  petition_forward_overdue: 'Quá hạn chuyển xử lý',
  petition_answer_reminder: 'Nhắc hạn trả lời',
  petition_answer_overdue: 'Quá hạn trả lời',
  petition_escalated: 'Báo Bộ phận kiểm soát: quá hạn trả lời kéo dài',
};

export function petitionEventLabel(type: string): string {
  return EVENT_LABELS[type] ?? type;
}

/** The deadlines of a petition: met, running (the working time left) or overdue. */
export async function deadlinesOf(calendar: CalendarService, p: PetitionRow, now: Date): Promise<Deadline[]> {
  const cal = await calendar.forDisplay(now.getTime());
  const one = (label: string, due: Date, metAt: Date | null, open: boolean): Deadline => {
    if (!open) return { label, due, left: null, overdue: metAt !== null && metAt > due, metAt };
    const left = workingTimeLeft(cal, now, due);
    return { label, due, left: describeWorkingTimeLeft(cal, left), overdue: left < 0 || now > due, metAt: null };
  };
  const triage = p.status === 'received' || p.status === 'accepted';
  const out = [one('Hạn xử lý hoặc chuyển cơ quan có thẩm quyền (5 ngày làm việc từ khi tiếp nhận, điểm d khoản 1 Điều 9 Nghị định 20/2008/NĐ-CP)', p.forwardDueAt, p.forwardedAt ?? (p.status === 'not_in_scope' ? p.closedAt : null), triage)];
  const from = p.answerCountedFrom === 'receipt' ? 'tính từ khi tiếp nhận' : 'tính từ khi chuyển cơ quan có thẩm quyền';
  if (p.answerDueAt) out.push(one(`Hạn trả lời (${from})`, p.answerDueAt, p.answeredAt, p.status === 'forwarded' || p.status === 'drafted'));
  return out;
}
