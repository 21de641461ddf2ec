/**
 * A procedure's columns (what the form and the CSV import edit) over the record of its
 * version in force: the version an administrator's edit keeps. What the columns do not hold
 * (steps, the online and post channels, legal basis, other document cases, form templates,
 * codes, sources…) stays as the record has it; what they hold replaces the record's part
 * only when it differs from what that part gives the columns. Pure.
 */
import { readNationalProcedure } from '../../domain/national-procedure.js';
import { counterTerms, recordFromColumns, type ColumnsProcedure } from '../../domain/procedure-columns.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function columnsOverRecord(base: unknown, columns: ColumnsProcedure): Obj {
  const fresh = recordFromColumns(columns);
  if (!isObj(base)) return fresh;
  const { _withdrawn: _gone, ...kept } = base;
  const read = readNationalProcedure(kept, 0);
  if (!read.ok) return { ...kept, ...fresh };
  const was = counterTerms(read.detail);
  const out: Obj = { ...kept, MATTHC: fresh.MATTHC, TENTTHC: fresh.TENTTHC, MUCDO: fresh.MUCDO, _in_person: fresh._in_person, _by_post: fresh._by_post };
  if (fresh._english_name) out._english_name = fresh._english_name;
  else delete out._english_name;
  if (read.detail.fields[0]?.name.slice(0, 200) !== columns.field) out.LINHVUCTHUCHIEN = fresh.LINHVUCTHUCHIEN;
  if (was.result !== columns.result) out.KETQUATHUCHIEN = fresh.KETQUATHUCHIEN;

  const time = columns.processingUnit === 'same_day' ? { unit: 'same_day', amount: 0 } : { unit: columns.processingUnit, amount: columns.processingAmount };
  const counterSame = was.time !== null && same(was.time, time) && was.processingNote === columns.processingNote && was.feeVnd === columns.feeVnd && was.feeNote === columns.feeNote;
  if (!counterSame) {
    const others = (Array.isArray(kept.CACHTHUCTHUCHIEN) ? kept.CACHTHUCTHUCHIEN : []).filter((c) => !(isObj(c) && String(c.KENH ?? '').trim() === '1'));
    out.CACHTHUCTHUCHIEN = [...(fresh.CACHTHUCTHUCHIEN as unknown[]), ...others];
  }

  const docs = columns.documents.map((d) => ({ name: d.name, originals: d.originals, copies: d.copies + d.certifiedCopies }));
  if (!same(was.documents, docs)) {
    const cases = Array.isArray(kept.THANHPHANHOSO) ? [...kept.THANHPHANHOSO] : [];
    const first = cases.findIndex((c) => isObj(c) && Array.isArray(c.GIAYTO) && c.GIAYTO.length > 0);
    // A document kept under the same name keeps its code and form template.
    const before = new Map<string, Obj>();
    if (first >= 0) for (const g of (cases[first] as Obj).GIAYTO as unknown[]) if (isObj(g)) before.set(String(g.TENGIAYTO ?? '').trim(), g);
    const items = ((fresh.THANHPHANHOSO as Obj[])[0]?.GIAYTO as Obj[] | undefined) ?? [];
    const merged = items.map((g) => {
      const old = before.get(String(g.TENGIAYTO));
      return old ? { ...g, MAGIAYTO: old.MAGIAYTO ?? null, TENMAUDON: old.TENMAUDON ?? null, URL: old.URL ?? null } : g;
    });
    if (first >= 0) {
      if (merged.length > 0) cases[first] = { ...(cases[first] as Obj), GIAYTO: merged };
      else cases.splice(first, 1);
      out.THANHPHANHOSO = cases;
    } else out.THANHPHANHOSO = merged.length > 0 ? [{ TRUONGHOP: '', GIAYTO: merged }, ...cases] : cases;
  }
  return out;
}
