/**
 * A procedure's detail (src/domain/national-procedure.ts) as labelled lines, and the
 * field-by-field difference between two versions: what an import's plan lists. Pure.
 */
import { CHANNEL_LABELS, CHANNELS, ONLINE_LEVEL_LABELS, TIME_UNIT_LABELS, type ChannelTime, type Fee, type ProcedureDetail } from './national-procedure.js';

/** The time of one channel as a sentence: "5 ngày làm việc", else its description. */
export function describeTime(t: ChannelTime): string {
  if (t.amount !== null && t.unit) return `${String(t.amount).replace('.', ',')} ${TIME_UNIT_LABELS[t.unit]}`;
  if (t.amount !== null && t.unitLabel) return `${String(t.amount).replace('.', ',')} ${t.unitLabel.toLowerCase()}`;
  return t.description || 'Không quy định';
}

/** A fee as a phrase: "8.000 đồng", "Miễn phí", else its description. */
export function describeFee(f: Fee): string {
  if (f.amountVnd === null) return f.description || 'Không có thông tin';
  if (f.amountVnd === 0) return 'Miễn phí';
  return `${f.amountVnd.toLocaleString('vi-VN')} đồng`;
}

/**
 * The detail as labelled lines, field by field, in a stable order: what an import's diff
 * compares (a changed version lists exactly the lines that differ).
 */
export function detailLines(d: ProcedureDetail): Array<{ key: string; label: string; value: string }> {
  const lines: Array<{ key: string; label: string; value: string }> = [];
  const add = (key: string, label: string, value: string) => lines.push({ key, label, value });
  add('name', 'Tên thủ tục', d.name);
  add('nameEn', 'Tên tiếng Anh', d.nameEn ?? '');
  add('level', 'Cấp thực hiện', d.level);
  add('fields', 'Lĩnh vực', d.fields.map((f) => (f.code ? `${f.code} ${f.name}` : f.name)).join('; '));
  for (const c of CHANNELS) {
    const ch = d.channels.find((x) => x.channel === c);
    add(`time.${c}`, `Thời hạn giải quyết (${CHANNEL_LABELS[c].toLowerCase()})`, ch ? ch.times.map((t) => [describeTime(t), t.description && t.amount !== null ? t.description : ''].filter(Boolean).join(': ')).join(' | ') : '');
    add(`fee.${c}`, `Phí, lệ phí (${CHANNEL_LABELS[c].toLowerCase()})`, ch ? ch.times.flatMap((t) => t.fees.map((f) => [describeFee(f), f.amountVnd !== null ? f.description : ''].filter(Boolean).join(': '))).join(' | ') : '');
  }
  add('online', 'Nộp trực tuyến', ONLINE_LEVEL_LABELS[d.online]);
  add('byPost', 'Nộp, nhận qua bưu chính', d.byPost ? 'Có' : 'Không');
  add('inPerson', 'Phải có mặt trực tiếp', d.inPerson ? 'Có' : 'Không');
  add('steps', 'Trình tự thực hiện', d.steps.map((s) => (s.case ? `[${s.case}] ` : '') + s.steps.join(' → ')).join(' | '));
  add('documents', 'Thành phần hồ sơ', d.documents.map((c) => (c.case ? `[${c.case}] ` : '') + c.items.map((i) => `${i.name}${i.originals !== null || i.copies !== null ? ` (bản chính ${i.originals ?? 0}, bản sao ${i.copies ?? 0})` : ''}${i.templateName ? ` [mẫu: ${i.templateName}]` : ''}`).join('; ')).join(' | '));
  add('requirements', 'Yêu cầu, điều kiện', d.requirements);
  add('applicants', 'Đối tượng thực hiện', d.applicants.join('; '));
  add('results', 'Kết quả', d.results.map((x) => x.name).join('; '));
  add('legalBasis', 'Căn cứ pháp lý', d.legalBasis.map((l) => [l.number, l.title].filter(Boolean).join(' ')).join('; '));
  add('agencies', 'Cơ quan thực hiện', d.agencies.map((a) => a.name).join('; '));
  add('sources', 'Nguồn', d.sources.map((s) => s.url).join('; '));
  return lines;
}

/** One changed field of a procedure between two versions. */
export interface DetailChange {
  key: string;
  label: string;
  from: string;
  to: string;
}

/** The fields that differ between the stored detail and the incoming one, in detailLines' order. */
export function diffDetails(stored: ProcedureDetail, incoming: ProcedureDetail): DetailChange[] {
  const before = new Map(detailLines(stored).map((l) => [l.key, l.value]));
  return detailLines(incoming)
    .filter((l) => (before.get(l.key) ?? '') !== l.value)
    .map((l) => ({ key: l.key, label: l.label, from: before.get(l.key) ?? '', to: l.value }));
}
