/**
 * The status page in the visitor's language: the service's PublicStatus (Vietnamese, the words
 * of the domain) with its words re-told from the catalogue (public-status.i18n.ts). The HTML
 * page and the Open311 JSON both read the result, so they say the same in either language.
 * Vietnamese is returned as it is: the domain's wording is the text of record.
 */
import { LATE_BUT_MET_APOLOGY, PAUSED_CLOCK_NOTE } from '../../domain/appointment.js';
import type { Translator } from '../../web/i18n/translator.js';
import type { PublicStatus } from './public-status.types.js';

function remainingText(s: PublicStatus, tr: Translator): string | null {
  const r = s.remaining;
  if (r) {
    if (r.state === 'left') return tr.t('deadline.left', { days: tr.fmt.workingDays(r.workingDaysLeft) });
    if (r.state === 'due_today') return tr.t('deadline.dueToday');
    return tr.t('deadline.overdue', { days: tr.fmt.workingDays(r.workingDaysOverdue) });
  }
  if (s.awaitingRestart) return tr.t('deadline.awaitingRestart');
  return s.paused ? tr.t('deadline.paused') : null;
}

function clockNote(s: PublicStatus, tr: Translator): string | null {
  if (s.clockNote === null) return null;
  if (s.awaitingRestart) return tr.t('clock.awaitingRestart');
  if (s.restartedAt) return tr.t('clock.restarted', { at: tr.fmt.dateTime(s.restartedAt) });
  return tr.t(s.clockNote === PAUSED_CLOCK_NOTE ? 'clock.paused' : 'clock.calendar');
}

function completionLabel(s: PublicStatus, tr: Translator): string | null {
  if (s.completionLabel === null || s.completion === null) return null;
  return tr.t(s.completionLabel === LATE_BUT_MET_APOLOGY ? 'completion.late_met_apology' : `completion.${s.completion}`);
}

/** `s` in the language of `tr`. */
export function localizeStatus(s: PublicStatus, tr: Translator): PublicStatus {
  if (tr.lang === 'vi') return s;
  const restartNote = s.status === 'awaiting_supplement' && s.supplementClock === 'restart';
  return {
    ...s,
    procedureName: s.procedureNameEn ?? s.procedureName,
    statusLabel: tr.t(`status.label.${s.status}`),
    statusNote: tr.t(restartNote ? 'status.note.awaiting_supplement.restart' : `status.note.${s.status}`),
    remainingText: remainingText(s, tr),
    completionLabel: completionLabel(s, tr),
    clockNote: clockNote(s, tr),
    timeline: s.timeline.map((e) => ({ ...e, label: tr.has(`event.${e.type}`) ? tr.t(`event.${e.type}`) : e.label })),
    messages: s.messages.map((m) => ({
      ...m,
      channelLabel: tr.has(`channel.${m.channel}`) ? tr.t(`channel.${m.channel}`) : m.channelLabel,
      templateTitle: tr.has(`message.${m.template}`) ? tr.t(`message.${m.template}`) : m.templateTitle,
    })),
    // Staff answer as "the processing officer", never by name.
    questions: s.questions.map((q) => (q.answer ? { ...q, answer: { ...q.answer, by: tr.t('question.staff') } } : q)),
    rating: s.rating.given ? { ...s.rating, given: { ...s.rating.given, levelLabel: tr.t(`rating.level.${s.rating.given.level}`) } } : s.rating,
  };
}

/** Is the procedure's name on the localized page still the Vietnamese one (a data span)? */
export function procedureNameIsVietnamese(s: PublicStatus, tr: Translator): boolean {
  return tr.lang === 'vi' || s.procedureNameEn === null;
}
