/**
 * One citizen notice from one step of a dossier: which template, with what data, under
 * which idempotency key. Pure: the dossier's facts and the working calendar come in.
 *
 * - Keys are "<step>:<dossier id>" (the apology keeps its earlier "apology:<id>"; an answered
 *   question "question_answered:<question id>"), and a
 *   supplement request "supplement_request:<id>:<n>" for its n-th request, so each step
 *   is told once and a later request gets its own message.
 * - "Days early" counts working days from the day the result was marked ready (finished_at,
 *   or now) to the day of the current appointment (the new one after an apology), as the
 *   early-completion notice always did: at least 1 when the result is ready a day early.
 * - Long free text (procedure names, items) is clipped so that an SMS stays a few parts;
 *   the status link carries the rest.
 */
import type { WorkingCalendar } from '../../domain/calendar.js';
import type { ResultDelivery } from '../../domain/status.js';
import { formatDateTimeVn, formatDateVn, localDateOf } from '../../domain/time.js';
import type { CitizenStep, CitizenStepKind } from './citizen-steps.js';
import type { NoticeDossier } from './citizen-notices.repo.js';
import type { NoticeTemplateKey } from './templates.js';

export const STEP_TEMPLATES: Record<CitizenStepKind, NoticeTemplateKey> = {
  receipt: 'receipt',
  supplement_request: 'supplement_request',
  result_ready: 'result_ready',
  refused: 'refused',
  withdrawn: 'withdrawn',
  voided: 'voided',
  apology_issued: 'apology',
  overdue_notice: 'overdue_notice',
  question_answered: 'question_answered',
};

/** Clip to `max` characters (whole code points), with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text.normalize('NFC').replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** The items of a supplement request (one per line) on one line. */
export function itemsLine(items: string): string {
  return clip(
    items
      .split(/\r?\n/)
      .map((l) => l.replace(/^[\s\-–•*\d.)]+/, '').trim())
      .filter(Boolean)
      .join('; '),
    300,
  );
}

/** Where to bring papers or collect a result: the receiving agency and its address. */
export function placeOf(a: NoticeDossier['agency']): string {
  return a.address.trim() ? `${a.name}, ${a.address.trim()}` : a.name;
}

/** Whom to call: the receiving agency and its hotline. */
export function contactOf(a: NoticeDossier['agency']): string {
  return a.hotline.trim() ? `${a.name}, điện thoại ${a.hotline.trim()}` : a.name;
}

/** Where the electronic result is (the status page, by its link below in the message), and that fees come first when they do. */
export function electronicResultInfo(e: { feeDue: boolean }): string {
  return e.feeDue ? 'Kết quả bản điện tử (tệp PDF) tải tại trang tra cứu hồ sơ sau khi Ông/Bà nộp phí, lệ phí' : 'Kết quả bản điện tử (tệp PDF) tải tại trang tra cứu hồ sơ';
}

export function collectInfo(delivery: ResultDelivery, place: string, electronic: { feeDue: boolean } | null = null): string {
  if (electronic) return delivery === 'online' ? electronicResultInfo(electronic) : `${collectInfo(delivery, place)}. ${electronicResultInfo(electronic)}`;
  switch (delivery) {
    case 'post':
      return 'Kết quả được gửi qua bưu chính công ích đến địa chỉ Ông/Bà đã đăng ký';
    case 'online':
      return 'Kết quả bản điện tử được gửi qua thư điện tử / Cổng Dịch vụ công';
    default:
      return `Mời Ông/Bà mang Giấy tiếp nhận đến ${place} nhận kết quả`;
  }
}

export type ResultTiming = { kind: 'early'; daysEarly: number } | { kind: 'on_time' } | { kind: 'late' };

/** The result marked ready at `readyAt` against the current appointment `due`, by calendar date in Vietnam. */
export function resultTiming(cal: WorkingCalendar, readyAt: Date, due: Date): ResultTiming {
  const ready = localDateOf(readyAt);
  const dueDay = localDateOf(due);
  if (ready < dueDay) return { kind: 'early', daysEarly: Math.max(1, cal.workingDaysBetween(ready, dueDay)) };
  return ready === dueDay ? { kind: 'on_time' } : { kind: 'late' };
}

export function timingText(t: ResultTiming, due: Date): string {
  const day = formatDateVn(due);
  if (t.kind === 'early') return `sớm ${t.daysEarly} ngày làm việc so với ngày hẹn ${day}`;
  if (t.kind === 'on_time') return `đúng ngày hẹn ${day}`;
  return `sau ngày hẹn ${day}, mong Ông/Bà thông cảm`;
}

export interface CitizenNotice {
  template: NoticeTemplateKey;
  data: Record<string, string>;
  key: string;
  /** Set for result_ready: early results mark the dossier told (the sweep then skips it). */
  timing?: ResultTiming;
}

export interface NoticeContext {
  d: NoticeDossier;
  now: Date;
  statusUrl: string;
  /** Only result_ready needs it. */
  calendar?: WorkingCalendar;
  /** The supplement request's ordinal when the step does not say. */
  supplementRound?: number;
}

export function buildNotice(step: CitizenStep, ctx: NoticeContext): CitizenNotice {
  const { d, statusUrl } = ctx;
  const template = STEP_TEMPLATES[step.kind];
  const current = d.extendedDueAt ?? d.dueAt;
  const base = { code: d.code, status_url: statusUrl };
  const key = `${step.kind === 'apology_issued' ? 'apology' : step.kind}:${d.id}`;
  switch (step.kind) {
    case 'receipt':
      return { template, key, data: { ...base, agency: d.agency.name, procedure: clip(d.procedureName, 80), due: formatDateTimeVn(current) } };
    case 'supplement_request': {
      const round = Math.max(1, step.round ?? ctx.supplementRound ?? 1);
      return { template, key: `${key}:${round}`, data: { ...base, items: itemsLine(step.items), place: placeOf(d.agency) } };
    }
    case 'result_ready': {
      if (!ctx.calendar) throw new Error('result_ready needs the working calendar');
      const timing = resultTiming(ctx.calendar, d.finishedAt ?? ctx.now, current);
      const data: Record<string, string> = { ...base, timing: timingText(timing, current), collect_info: collectInfo(d.resultDelivery, placeOf(d.agency), d.electronicResult), due: formatDateTimeVn(current) };
      if (timing.kind === 'early') data.days_early = String(timing.daysEarly);
      return { template, key, data, timing };
    }
    case 'refused':
      return { template, key, data: { ...base, reason: clip(step.reason, 200), place: placeOf(d.agency) } };
    case 'withdrawn':
      return { template, key, data: { ...base, reason: clip(step.reason, 200) } };
    case 'voided':
      return { template, key, data: { code: d.code, reason: clip(step.reason, 120), contact: contactOf(d.agency) } };
    case 'apology_issued':
      return { template, key, data: { ...base, old_due: formatDateTimeVn(d.dueAt), new_due: formatDateTimeVn(step.newDueAt), reason: clip(step.reason, 200) } };
    case 'overdue_notice':
      return { template, key, data: { ...base, due: formatDateTimeVn(current), contact: contactOf(d.agency) } };
    case 'question_answered':
      // Keyed per question: a question has one answer, told once.
      return { template, key: `question_answered:${step.questionId}`, data: base };
  }
}
