/**
 * Reference agencies: a province-level public administration service centre with its
 * departments, and two ward centres (two-tier local government since July 2025).
 *
 * Electronic identifiers (illustrative; an administrator sets the province's real ones):
 * - NEW seeds use the Decision 20/2020/QĐ-TTg layout, the level-1 code first
 *   (`H26.57`, `H26.57.01`; see domain/dossier-code.ts agencyEidLayout) — a test refuses
 *   any other layout for a row not in LEGACY_LAYOUT_EIDS;
 * - the seven rows below keep the legacy QCVN 102:2016 layout (`000.00.12.H26`) on purpose:
 *   the seeder never rewrites an existing row (an administrator's edits survive restarts),
 *   so a deployment that has them would keep them anyway; the dossier codes already issued
 *   start with them (a new eid would begin a second daily sequence for the same counter);
 *   and the demo data, the bulk generator and the tests look agencies up by these eids.
 *   Both layouts are accepted everywhere (codes, search, the status lookup, the admin form).
 */
export interface AgencySeed {
  eid: string;
  name: string;
  governingBody: string;
  placeName: string;
  kind: 'centre' | 'department' | 'commune';
  parentEid?: string;
  address: string;
  hotline: string;
}

const PROVINCE = 'UBND TỈNH ĐỒNG NAI';
const CENTRE_ADDRESS = 'Số 236 Phan Trung, phường Tam Hiệp, tỉnh Đồng Nai';

/** The rows seeded before Decision 20/2020's layout was adopted here (kept: see above). */
export const LEGACY_LAYOUT_EIDS: readonly string[] = ['000.00.01.H26', '000.00.12.H26', '000.00.05.H26', '000.00.15.H26', '000.00.09.H26', '000.31.01.H26', '000.31.02.H26'];

/**
 * The agency seeded as the TTHC control unit (Decree 20/2008 art. 8) on a fresh install: the
 * province centre, as before the setting existed. Decree 92/2017 places the control unit in the
 * provincial People's Committee office: an administrator names it (/quan-tri/kiem-soat-tthc).
 */
export const CONTROL_UNIT_EID = '000.00.01.H26';

export const AGENCIES: AgencySeed[] = [
  { eid: '000.00.01.H26', name: 'Trung tâm Phục vụ hành chính công tỉnh Đồng Nai', governingBody: PROVINCE, placeName: 'Đồng Nai', kind: 'centre', address: CENTRE_ADDRESS, hotline: '0251 3 999 010' },
  { eid: '000.00.12.H26', name: 'Sở Tư pháp', governingBody: PROVINCE, placeName: 'Đồng Nai', kind: 'department', parentEid: '000.00.01.H26', address: CENTRE_ADDRESS, hotline: '0251 3 999 010' },
  { eid: '000.00.05.H26', name: 'Sở Tài chính', governingBody: PROVINCE, placeName: 'Đồng Nai', kind: 'department', parentEid: '000.00.01.H26', address: CENTRE_ADDRESS, hotline: '0251 3 999 010' },
  { eid: '000.00.15.H26', name: 'Sở Nông nghiệp và Môi trường', governingBody: PROVINCE, placeName: 'Đồng Nai', kind: 'department', parentEid: '000.00.01.H26', address: CENTRE_ADDRESS, hotline: '0251 3 999 010' },
  { eid: '000.00.09.H26', name: 'Sở Xây dựng', governingBody: PROVINCE, placeName: 'Đồng Nai', kind: 'department', parentEid: '000.00.01.H26', address: CENTRE_ADDRESS, hotline: '0251 3 999 010' },
  { eid: '000.31.01.H26', name: 'Trung tâm Phục vụ hành chính công phường Trấn Biên', governingBody: 'UBND PHƯỜNG TRẤN BIÊN', placeName: 'Trấn Biên', kind: 'commune', address: 'Số 1 đường 30 Tháng 4, phường Trấn Biên, tỉnh Đồng Nai', hotline: '0251 3 822 151' },
  { eid: '000.31.02.H26', name: 'Trung tâm Phục vụ hành chính công phường Tam Hiệp', governingBody: 'UBND PHƯỜNG TAM HIỆP', placeName: 'Tam Hiệp', kind: 'commune', address: 'Đường Phạm Văn Thuận, phường Tam Hiệp, tỉnh Đồng Nai', hotline: '0251 3 811 245' },
];
