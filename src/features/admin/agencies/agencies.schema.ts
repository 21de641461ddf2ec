/** The agency form, through the form kit. */
import { z } from 'zod';
import { isValidAgencyEid } from '../../../domain/dossier-code.js';
import { checkbox, oneOf, optionalText, parseObject, text, type Parsed, type RawInput } from '../../../web/form.js';

export const AGENCY_KINDS = ['centre', 'department', 'commune'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  centre: 'Trung tâm Phục vụ hành chính công',
  department: 'Sở, ban, ngành',
  commune: 'Cấp xã (xã, phường, đặc khu)',
};

export interface AgencyInput {
  eid: string;
  name: string;
  governingBody: string;
  placeName: string;
  kind: AgencyKind;
  address: string;
  hotline: string;
  active: boolean;
  /** The agency's unit code at the national portal (`madonvi`); null: not mapped, its dossiers are held. */
  portalUnitCode: string | null;
}

/** A code at the national portal: letters, digits, dots, dashes and underscores (unit codes like 000.00.12.H26, procedure codes like 1.004222). */
export const PORTAL_CODE_RE = /^[0-9A-Za-z][0-9A-Za-z._-]*$/;

/** Optional text stored as '' when empty. */
const blankable = (max: number, tooLong: string) => optionalText(max, tooLong).transform((v) => v ?? '');

const agencySchema = z.object({
  eid: text(200, 'Nhập mã định danh điện tử của cơ quan')
    .transform((v) => v.replace(/\s/g, '').toUpperCase())
    .refine(isValidAgencyEid, 'Mã định danh chỉ gồm chữ số, chữ in hoa A–Z và dấu chấm, tối đa 35 ký tự (ví dụ: 000.00.12.H26)'),
  name: text(255, 'Nhập tên cơ quan, đơn vị', 'Tên cơ quan không quá 255 ký tự'),
  governing_body: text(255, 'Nhập cơ quan chủ quản (dòng đầu tiêu đề văn bản, ví dụ: UBND TỈNH ĐỒNG NAI)', 'Cơ quan chủ quản không quá 255 ký tự'),
  place_name: text(100, 'Nhập địa danh ghi trên văn bản (ví dụ: Đồng Nai)', 'Địa danh không quá 100 ký tự'),
  kind: oneOf(AGENCY_KINDS, 'Chọn loại cơ quan'),
  address: blankable(255, 'Địa chỉ không quá 255 ký tự'),
  hotline: blankable(50, 'Số điện thoại đường dây nóng không quá 50 ký tự'),
  portal_unit_code: optionalText(50, 'Mã đơn vị trên Cổng DVCQG không quá 50 ký tự')
    .transform((v) => (v === null ? null : v.replace(/\s/g, '')))
    .refine((v) => v === null || PORTAL_CODE_RE.test(v), 'Mã đơn vị trên Cổng DVCQG chỉ gồm chữ số, chữ cái không dấu, dấu chấm, gạch ngang hoặc gạch dưới (ví dụ: 000.00.12.H26)'),
});

export function parseAgency(body: RawInput): Parsed<AgencyInput> {
  const parsed = parseObject(agencySchema, body);
  const values = { ...parsed.values, active: checkbox(body, 'active') ? 'on' : '' };
  if (!parsed.ok) return { ...parsed, values };
  const v = parsed.value;
  return {
    ok: true,
    values,
    value: { eid: v.eid, name: v.name, governingBody: v.governing_body, placeName: v.place_name, kind: v.kind, address: v.address, hotline: v.hotline, active: values.active === 'on', portalUnitCode: v.portal_unit_code },
  };
}
