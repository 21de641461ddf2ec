/**
 * The post feature's inputs, on the form kit: a new hand-over record, the intake form's
 * channel choice (at the counter, or from the postal worker, into which record), the results
 * added to an outbound record, an entry removed. Messages in Vietnamese, keyed by field.
 */
import { z } from 'zod';
import { normalizePhone } from '../../domain/phone.js';
import { BATCH_DIRECTIONS, type BatchDirection } from '../../domain/post.js';
import { hasControlChars, id, MESSAGES, oneOf, optionalText, parseId, parseObject, str, strs, text, type FieldErrors, type FormValues, type Parsed, type RawInput } from '../../web/form.js';
import { cod, waybill } from '../intake/channel.schema.js';

export interface BatchInput {
  direction: BatchDirection;
  workerName: string;
  workerPhone: string | null;
  postalUnit: string;
  postalEmail: string | null;
  note: string | null;
}

const noControl = z.string().refine((v) => !hasControlChars(v), MESSAGES.control);

const batchSchema = z.object({
  huong: oneOf(BATCH_DIRECTIONS, 'Chọn loại biên bản'),
  nhan_vien: text(200, 'Nhập họ tên nhân viên bưu chính'),
  dien_thoai: noControl
    .transform(normalizePhone)
    .pipe(z.union([z.literal('').transform(() => null), z.string().regex(/^0\d{9,10}$/, 'Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng 0')])),
  don_vi: text(300, 'Nhập tên đơn vị bưu chính (bưu cục)'),
  email: noControl
    .transform((v) => v.trim())
    .pipe(z.union([z.literal('').transform(() => null), z.string().max(254).email('Địa chỉ thư điện tử không hợp lệ')])),
  ghi_chu: optionalText(1000),
});

export function parseBatchForm(body: RawInput): Parsed<BatchInput> {
  const parsed = parseObject(batchSchema, body);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  return { ok: true, values: parsed.values, value: { direction: v.huong, workerName: v.nhan_vien, workerPhone: v.dien_thoai, postalUnit: v.don_vi, postalEmail: v.email, note: v.ghi_chu } };
}

export interface ResultsInput {
  items: Array<{ dossierId: number; waybill: string | null; codVnd: number }>;
}

/** The results ticked on an outbound record's page, each with its waybill and cash on delivery. */
export function parseResultsForm(body: RawInput): Parsed<ResultsInput> {
  const ids = strs(body, 'ho_so');
  const values: FormValues = {};
  const errors: FieldErrors = {};
  const items: ResultsInput['items'] = [];
  for (const raw of ids.slice(0, 200)) {
    const dossierId = parseId(raw);
    if (dossierId === null) {
      errors.ho_so = MESSAGES.id;
      continue;
    }
    const w = waybill.safeParse(str(body, `so_buu_gui_${dossierId}`));
    const c = cod.safeParse(str(body, `thu_ho_${dossierId}`));
    values[`so_buu_gui_${dossierId}`] = str(body, `so_buu_gui_${dossierId}`);
    values[`thu_ho_${dossierId}`] = str(body, `thu_ho_${dossierId}`);
    if (!w.success) errors[`so_buu_gui_${dossierId}`] = w.error.issues[0]!.message;
    if (!c.success) errors[`thu_ho_${dossierId}`] = c.error.issues[0]!.message;
    if (w.success && c.success) items.push({ dossierId, waybill: w.data, codVnd: c.data });
  }
  if (ids.length === 0) errors.ho_so = 'Chọn ít nhất một hồ sơ để đưa vào biên bản';
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, values, value: { items } };
}

const entrySchema = z.object({ muc: id() });

/** The entry a "Bỏ ra" button names. */
export function parseEntryId(body: RawInput): number | null {
  const parsed = parseObject(entrySchema, body);
  return parsed.ok ? parsed.value.muc : null;
}

/** `?ma=`: the procedure code typed on an inbound record's page (bounded, printable). */
export function parseProcedureQuery(query: RawInput): string | null {
  const code = str(query, 'ma').trim();
  return code !== '' && code.length <= 30 && !hasControlChars(code) ? code : null;
}
