/**
 * The catalogue's words in the visitor's language (catalogue.i18n.ts): a time, a fee, a
 * procedure's name, the checklist PDF's text, the JSON's labels. Counts, money and time units
 * go through the translator's formatters; what the data says in words (a time's or fee's
 * description, a unit the national data spells its own way, a Vietnamese name) stays as written
 * and is marked as data (`tr.data`: `lang="vi"` on an English page). In Vietnamese every phrase
 * reads exactly as the service's (timeText, describeFee).
 */
import type { ChannelTime, Fee, ProcedureDetail } from '../../domain/national-procedure.js';
import { describeFee, describeTime } from '../../domain/procedure-diff.js';
import type { ChecklistText } from '../../pdf/checklist.js';
import { CHECKLIST_TEXT } from '../../pdf/checklist.js';
import { escapeHtml, SafeHtml, type Translator } from '../../web/i18n/translator.js';

/** A time in Vietnamese words for citizens (the service's, Zalo's): a time of 0 is "Trong ngày" (same day), else describeTime's phrase. */
export function timeText(t: ChannelTime): string {
  return t.amount === 0 ? 'Trong ngày' : describeTime(t);
}

/** A phrase as plain text (JSON, PDF) and as HTML (a page: data spans marked). */
export interface Phrase {
  text: string;
  html: SafeHtml;
}

const ui = (text: string): Phrase => ({ text, html: new SafeHtml(escapeHtml(text)) });
const data = (tr: Translator, text: string): Phrase => ({ text, html: tr.data(text) });

/** A channel's time: "5 working days" / "5 ngày làm việc", the same day, else the data's words. */
export function timePhrase(tr: Translator, t: ChannelTime): Phrase {
  if (tr.lang === 'vi') return ui(timeText(t));
  if (t.amount === 0) return ui(tr.t('catalogue.time.sameDay'));
  if (t.amount !== null && t.unit === 'working_days') return ui(tr.fmt.workingDays(t.amount));
  if (t.amount !== null && t.unit === 'calendar_days') return ui(tr.fmt.days(t.amount));
  if (t.amount !== null && t.unit === 'working_hours') return ui(tr.fmt.workingHours(t.amount));
  if (t.amount !== null && t.unitLabel) {
    const amount = tr.fmt.number(t.amount);
    return { text: `${amount} ${t.unitLabel}`, html: new SafeHtml(`${escapeHtml(amount)} ${tr.data(t.unitLabel).html}`) };
  }
  return t.description ? data(tr, t.description) : ui(tr.t('catalogue.time.unspecified'));
}

/** A fee: "VND 8,000" / "8.000 đồng", free of charge, else the data's words. */
export function feePhrase(tr: Translator, f: Fee): Phrase {
  if (tr.lang === 'vi') return ui(describeFee(f));
  if (f.amountVnd !== null) return ui(tr.fmt.vnd(f.amountVnd));
  return f.description ? data(tr, f.description) : ui(tr.t('catalogue.unknown'));
}

/** A procedure's name: English where the data has one, else the Vietnamese name (data). Never blank. */
export function namePhrase(tr: Translator, p: { name: string; nameEn?: string | null }): Phrase {
  return tr.lang !== 'vi' && p.nameEn ? ui(p.nameEn) : data(tr, p.name);
}

/** The search result line's time and fee (the counter's, else the first channel's). */
export function headline(tr: Translator, item: { headTime: ChannelTime | null; headFee: Fee | null }): { time: Phrase; fee: Phrase } {
  const unknown = ui(tr.t('catalogue.unknown'));
  return { time: item.headTime ? timePhrase(tr, item.headTime) : unknown, fee: item.headFee ? feePhrase(tr, item.headFee) : unknown };
}

const PDF_KEYS = Object.keys(CHECKLIST_TEXT) as Array<keyof ChecklistText>;
const checklistTexts = new WeakMap<Translator, ChecklistText>();

/** The checklist PDF's words in the translator's language (built once per translator). */
export function checklistText(tr: Translator): ChecklistText {
  let text = checklistTexts.get(tr);
  if (!text) {
    text = Object.fromEntries(PDF_KEYS.map((k) => [k, tr.t(`catalogue.pdf.${k}`)])) as ChecklistText;
    checklistTexts.set(tr, text);
  }
  return text;
}

/** The words the view helpers give a template (`words.time(i18n, t)`): one object, no per-request state. */
export const CATALOGUE_WORDS = { time: timePhrase, fee: feePhrase, name: namePhrase, headline } as const;

/** The channels of a procedure in the translator's language: the checklist PDF's and the JSON's labels and times. */
export function channelsIn(tr: Translator, detail: Pick<ProcedureDetail, 'channels'>) {
  return detail.channels.map((c) => ({
    channel: c.channel,
    label: tr.t(`catalogue.channel.${c.channel}`),
    times: c.times.map((t) => ({
      time: timePhrase(tr, t).text,
      fees: t.fees.map((f) => ({ text: feePhrase(tr, f).text })),
    })),
  }));
}
