/**
 * Between a procedure's detail and motcua's own columns (what intake uses): the counter
 * terms of a version, and the national record of a procedure as its columns hold it. Pure.
 */
import { describeTime } from './procedure-diff.js';
import type { ChannelTime, OnlineLevel, ProcedureDetail, TimeUnit } from './national-procedure.js';
import { foldForSearch } from './text.js';

/** What intake uses of a version: the counter's time and fee, the result, the documents of the first case. */
export interface CounterTerms {
  /** Null when the data gives no usable counter time (the procedure cannot be received until one is set). */
  time: { unit: 'same_day' | TimeUnit; amount: number } | null;
  processingNote: string;
  /** The counter's charges and fees added up; null when any amount is missing (the note says). */
  feeVnd: number | null;
  feeNote: string;
  result: string;
  documents: Array<{ name: string; originals: number; copies: number }>;
}

/** Whole counts the intake form accepts: same day, or 1–365 of a unit. */
function counterTime(t: ChannelTime | undefined): CounterTerms['time'] {
  if (!t || t.amount === null || !t.unit) return null;
  if (t.amount === 0 || (t.unit === 'working_days' && t.amount < 1 && /trong ngay/.test(foldForSearch(t.description)))) return { unit: 'same_day', amount: 0 };
  if (!Number.isInteger(t.amount) || t.amount < 1 || t.amount > 365) return null;
  return { unit: t.unit, amount: t.amount };
}

export function counterTerms(d: ProcedureDetail): CounterTerms {
  const counter = d.channels.find((c) => c.channel === 'counter');
  const first = counter?.times[0];
  const fees = counter?.times.flatMap((t) => t.fees) ?? [];
  const feeVnd = fees.length === 0 ? null : fees.some((f) => f.amountVnd === null) ? null : fees.reduce((s, f) => s + (f.amountVnd ?? 0), 0);
  return {
    time: counterTime(first),
    processingNote: [first?.description ?? '', ...(counter?.times.slice(1).map((t) => [describeTime(t), t.description].filter(Boolean).join(': ')) ?? [])].filter(Boolean).join('; ').slice(0, 500),
    feeVnd,
    feeNote: fees.map((f) => f.description).filter(Boolean).join('; ').slice(0, 500),
    result: d.results.map((r) => r.name).join('; ').slice(0, 500),
    documents: (d.documents[0]?.items ?? []).map((i) => ({ name: i.name.slice(0, 500), originals: i.originals ?? 0, copies: i.copies ?? 0 })),
  };
}

/** A procedure as motcua's own columns hold it (before it had a version, or as an administrator edited it). */
export interface ColumnsProcedure {
  code: string;
  name: string;
  nameEn: string | null;
  field: string;
  processingUnit: 'same_day' | TimeUnit;
  processingAmount: number;
  processingNote: string;
  feeVnd: number | null;
  feeNote: string;
  result: string;
  onlineLevel: OnlineLevel;
  byPost: boolean;
  inPerson: boolean;
  documents: Array<{ name: string; originals: number; certifiedCopies: number; copies: number }>;
}

const UNIT_LABELS_NATIONAL: Readonly<Record<TimeUnit, string>> = { working_days: 'Ngày làm việc', calendar_days: 'Ngày', working_hours: 'Giờ' };

/**
 * The national record of a procedure as motcua's columns hold it: the counter channel only
 * (motcua's columns know no other), the documents as one case. Reading it back gives the
 * same counter terms; what the columns do not hold (steps, legal basis…) is absent, not made up.
 */
export function recordFromColumns(p: ColumnsProcedure): Record<string, unknown> {
  const sameDay = p.processingUnit === 'same_day';
  const fee = p.feeVnd === null && !p.feeNote ? [] : [{ MAPHILEPHI: '', SOTIEN: p.feeVnd === null ? '' : String(p.feeVnd), DONVI: 'Đồng', MOTA: p.feeNote }];
  return {
    MATTHC: p.code,
    TENTTHC: p.name,
    LINHVUCTHUCHIEN: [{ MALINHVUC: null, TENLINHVUC: p.field }],
    CACHTHUCTHUCHIEN: [{ KENH: '1', THOIGIAN: [{ THOIGIANGIAIQUYET: sameDay ? '0' : String(p.processingAmount), DONVITINH: UNIT_LABELS_NATIONAL[p.processingUnit === 'same_day' ? 'working_days' : p.processingUnit], MOTA: p.processingNote || (sameDay ? 'Trong ngày' : ''), PHILEPHI: fee }] }],
    KETQUATHUCHIEN: p.result ? [{ MAKETQUA: null, TENKETQUA: p.result }] : [],
    THANHPHANHOSO: p.documents.length === 0 ? [] : [{ TRUONGHOP: '', GIAYTO: p.documents.map((d) => ({ MAGIAYTO: null, TENGIAYTO: d.name, SOBANCHINH: String(d.originals), SOBANSAO: String(d.copies + d.certifiedCopies), TENMAUDON: null, URL: null })) }],
    MUCDO: p.onlineLevel === 'full' ? 'Toàn trình' : p.onlineLevel === 'partial' ? 'Một phần' : 'Không',
    ...(p.nameEn ? { _english_name: p.nameEn } : {}),
    _in_person: p.inPerson,
    _by_post: p.byPost,
  };
}
