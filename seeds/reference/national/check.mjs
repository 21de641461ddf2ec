// Sanity check of the national reference catalogue (no dependencies):
//   node seeds/reference/national/check.mjs [path]
// Every record needs MATTHC, TENTTHC, at least one LINHVUCTHUCHIEN, a _source with a url;
// codes must be unique and look like national codes (1.001193) or local ones (…H22).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const path = process.argv[2] ?? fileURLToPath(new URL('./procedures.json', import.meta.url));
const raw = readFileSync(path, 'utf8');
const records = JSON.parse(raw);
const errors = [];
// Vietnamese text in composed form (NFC): decomposed diacritics look the same but compare differently.
if (raw !== raw.normalize('NFC')) errors.push('the file is not in NFC: normalise it (decomposed diacritics)');
const seen = new Map();
const KENH = new Set(['1', '2', '3']);
// DONVITINH: the three units the import understands, or '' when the source gives none (then _missing says why).
const UNITS = new Set(['', 'Ngày làm việc', 'Ngày', 'Giờ']);
const FEE_KINDS = new Set(['', 'LePhi', 'Phi']);

if (!Array.isArray(records)) errors.push('top level is not an array');
(Array.isArray(records) ? records : []).forEach((r, i) => {
  const at = `record ${i} (${r?.MATTHC ?? '?'})`;
  if (typeof r.MATTHC !== 'string' || !r.MATTHC.trim()) errors.push(`${at}: MATTHC missing`);
  else if (!/^\d\.\d{6}(\.[0-9A-Z.]+)?$/.test(r.MATTHC)) errors.push(`${at}: MATTHC "${r.MATTHC}" is not a national code`);
  if (typeof r.TENTTHC !== 'string' || !r.TENTTHC.trim()) errors.push(`${at}: TENTTHC missing`);
  else if (r.TENTTHC.length > 500) errors.push(`${at}: TENTTHC is longer than the 500 characters the national import accepts`);
  if (!Array.isArray(r.LINHVUCTHUCHIEN) || !r.LINHVUCTHUCHIEN.some((l) => l && typeof l.TENLINHVUC === 'string' && l.TENLINHVUC.trim()))
    errors.push(`${at}: no LINHVUCTHUCHIEN with a TENLINHVUC`);
  if (!Array.isArray(r._source) || !r._source.some((s) => s && /^https?:\/\/\S+$/.test(s.url ?? '')))
    errors.push(`${at}: _source has no url`);
  if (!Array.isArray(r._missing)) errors.push(`${at}: _missing is not an array`);
  for (const c of r.CACHTHUCTHUCHIEN ?? []) {
    if (!KENH.has(c.KENH)) errors.push(`${at}: KENH "${c.KENH}" not 1, 2 or 3`);
    for (const t of c.THOIGIAN ?? []) {
      if (t.THOIGIANGIAIQUYET !== '' && !/^\d+(\.\d+)?$/.test(t.THOIGIANGIAIQUYET)) errors.push(`${at}: THOIGIANGIAIQUYET "${t.THOIGIANGIAIQUYET}" is not a number`);
      if (t.DONVITINH != null && !UNITS.has(t.DONVITINH)) errors.push(`${at}: DONVITINH "${t.DONVITINH}" is not one of ${[...UNITS].join(', ')}`);
      if (t.THOIGIANGIAIQUYET !== '' && t.DONVITINH === '' && !(r._missing ?? []).some((m) => /^DONVITINH/.test(m)))
        errors.push(`${at}: a time without a unit must be listed in _missing (DONVITINH …)`);
      for (const f of t.PHILEPHI ?? []) {
        if (f.SOTIEN != null && f.SOTIEN !== '' && !/^\d+$/.test(f.SOTIEN)) errors.push(`${at}: SOTIEN "${f.SOTIEN}" is not a whole number`);
        if (f.MAPHILEPHI != null && !FEE_KINDS.has(f.MAPHILEPHI)) errors.push(`${at}: MAPHILEPHI "${f.MAPHILEPHI}" is not LePhi, Phi or empty`);
      }
    }
  }
  for (const g of r.THANHPHANHOSO ?? [])
    for (const d of g.GIAYTO ?? []) {
      if (typeof d.TENGIAYTO !== 'string' || !d.TENGIAYTO.trim()) errors.push(`${at}: a document without TENGIAYTO`);
      for (const k of ['SOBANCHINH', 'SOBANSAO']) if (d[k] != null && d[k] !== '' && !/^\d+$/.test(d[k])) errors.push(`${at}: ${k} "${d[k]}" is not a number`);
    }
  for (const s of r._source ?? []) if (!s.title || !s.accessed) errors.push(`${at}: a _source without title or accessed date`);
  if (r.MATTHC) {
    if (seen.has(r.MATTHC)) errors.push(`${at}: duplicate code (also record ${seen.get(r.MATTHC)})`);
    else seen.set(r.MATTHC, i);
  }
});

const byLevel = {};
for (const r of records) byLevel[r.CAPTHUCHIEN] = (byLevel[r.CAPTHUCHIEN] ?? 0) + 1;
const out = (line) => process.stdout.write(line + '\n');
out(`${records.length} records, ${seen.size} distinct codes`);
out('by CAPTHUCHIEN: ' + JSON.stringify(byLevel));
const byField = {};
for (const r of records) for (const l of r.LINHVUCTHUCHIEN ?? []) byField[l.TENLINHVUC] = (byField[l.TENLINHVUC] ?? 0) + 1;
out('by LINHVUCTHUCHIEN: ' + JSON.stringify(byField));
const withTime = records.filter((r) => (r.CACHTHUCTHUCHIEN ?? []).some((c) => c.KENH === '1' && (c.THOIGIAN ?? []).some((t) => t.THOIGIANGIAIQUYET !== '' && t.DONVITINH))).length;
const withDocs = records.filter((r) => (r.THANHPHANHOSO ?? []).some((g) => (g.GIAYTO ?? []).length > 0)).length;
out(`counter time with a unit: ${withTime}; with documents: ${withDocs}`);
if (errors.length) {
  console.error(`${errors.length} problem(s):\n- ` + errors.join('\n- '));
  process.exit(1);
}
out('OK');
