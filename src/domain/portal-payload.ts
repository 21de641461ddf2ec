/**
 * What motcua sends the National Public Service Portal (DVCQG), built from plain data: the
 * `DongBoHoSoMC` item of a dossier and the `CapNhatTienDoHoSoMC` row of a processing step.
 * Exactly the contract's fields (domain.md "National Public Service Portal"), nothing more:
 * the builders name every field, and the tests compare the key lists. Dates are
 * `yyyyMMddHHmmss` in Vietnam time; an absent date is "". Pure: no I/O.
 */
import { localParts } from './time.js';

/** `yyyyMMddHHmmss` in Vietnam time ("" for none). */
export function portalDate(instant: Date | null | undefined): string {
  if (!instant) return '';
  const p = localParts(instant);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}${two(p.month)}${two(p.day)}${two(p.hour)}${two(p.minute)}${two(p.second)}`;
}

/** KenhThucHien: 1 at the counter, 2 online, 3 by post. */
export function portalChannel(channel: string): 1 | 2 | 3 {
  return channel === 'online' ? 2 : channel === 'post' ? 3 : 1;
}

/** LoaiDoiTuong: 1 a person, 2 an organisation. */
export function portalApplicantKind(kind: string): 1 | 2 {
  return kind === 'organisation' ? 2 : 1;
}

/** HinhThuc (how the result is handed back): 0 at the counter, 1 by post (online results count as 0). */
export function portalDelivery(resultDelivery: string): 0 | 1 {
  return resultDelivery === 'post' ? 1 : 0;
}

/** The dossier as the item reads it (loaded by the sync's repo). */
export interface PortalDossierInput {
  code: string;
  channel: string;
  applicantKind: string;
  applicantName: string;
  idNumber: string;
  organisationCode: string | null;
  email: string | null;
  phone: string;
  procedureName: string;
  receivedAt: Date;
  /** The appointment in force (after an apology: the new one). */
  dueAt: Date;
  returnedAt: Date | null;
  finishedAt: Date | null;
  resultDelivery: string;
  processingAgencyName: string;
  /** Why it was refused, withdrawn or cancelled (null otherwise). */
  outcomeNote: string | null;
}

/** The procedure at the portal: MaTTHC, MaLinhVuc, TenLinhVuc (the mapping, resolved). */
export interface PortalProcedureMapping {
  procedureCode: string;
  fieldCode: string;
  fieldName: string;
}

/** One supplement request of the dossier, with the appointments around it. */
export interface PortalSupplementInput {
  id: number;
  requestedBy: string | null;
  content: string;
  requestedAt: Date;
  receivedBy: string | null;
  receivedAt: Date | null;
  /** The appointment when it was requested, and the one recomputed when it came in. */
  dueBefore: Date | null;
  dueAfter: Date | null;
}

export interface PortalSupplementItem {
  HoSoBoSungId: string;
  NguoiYeuCauBoSung: string;
  NoiDungBoSung: string;
  NgayBoSung: string;
  NguoiTiepNhanBoSung: string;
  ThongTinTiepNhan: string;
  NgayTiepNhanBoSung: string;
  /** 0 waiting for the citizen, 1 received. */
  TrangThaiBoSung: 0 | 1;
  NgayHenTraTruoc: string;
  NgayHenTraMoi: string;
}

/** A `DongBoHoSoMC` item: the contract's fields, in its order. */
export interface PortalDossierItem {
  MaHoSo: string;
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  TenLinhVuc: string;
  KenhThucHien: 1 | 2 | 3;
  SoBienNhan: string;
  ChuHoSo: string;
  LoaiDoiTuong: 1 | 2;
  MaDoiTuong: string;
  ThongTinKhac: string;
  Email: string;
  Fax: string;
  SoDienThoai: string;
  TrichYeuHoSo: string;
  NgayTiepNhan: string;
  NgayHenTra: string;
  TrangThaiHoSo: number;
  NgayTra: string;
  ThongTinTra: string;
  HinhThuc: 0 | 1;
  NgayKetThucXuLy: string;
  DonViXuLy: string;
  GhiChu: string;
  TaiLieuNop: never[];
  DanhSachGiayToKetQua: never[];
  DanhSachLePhi: never[];
  DanhSachHoSoBoSung: PortalSupplementItem[];
}

/**
 * The dossier's item. `status` is the portal's TrangThaiHoSo (from the status map, data).
 * motcua keeps paper documents, no files, result files or fee codes: TaiLieuNop,
 * DanhSachGiayToKetQua and DanhSachLePhi are empty lists. The hand-back's receiver
 * (ThongTinTra) is not sent: a person's name and ID number the contract does not require.
 */
export function dossierItem(d: PortalDossierInput, mapping: PortalProcedureMapping, status: number, supplements: readonly PortalSupplementInput[]): PortalDossierItem {
  return {
    MaHoSo: d.code,
    MaTTHC: mapping.procedureCode,
    TenTTHC: d.procedureName,
    MaLinhVuc: mapping.fieldCode,
    TenLinhVuc: mapping.fieldName,
    KenhThucHien: portalChannel(d.channel),
    SoBienNhan: d.code,
    ChuHoSo: d.applicantName,
    LoaiDoiTuong: portalApplicantKind(d.applicantKind),
    MaDoiTuong: d.applicantKind === 'organisation' ? (d.organisationCode ?? d.idNumber) : d.idNumber,
    ThongTinKhac: '',
    Email: d.email ?? '',
    Fax: '',
    SoDienThoai: d.phone,
    TrichYeuHoSo: d.procedureName,
    NgayTiepNhan: portalDate(d.receivedAt),
    NgayHenTra: portalDate(d.dueAt),
    TrangThaiHoSo: status,
    NgayTra: portalDate(d.returnedAt),
    ThongTinTra: '',
    HinhThuc: portalDelivery(d.resultDelivery),
    NgayKetThucXuLy: portalDate(d.finishedAt),
    DonViXuLy: d.processingAgencyName,
    GhiChu: d.outcomeNote ?? '',
    TaiLieuNop: [],
    DanhSachGiayToKetQua: [],
    DanhSachLePhi: [],
    DanhSachHoSoBoSung: supplements.map((s) => ({
      HoSoBoSungId: String(s.id),
      NguoiYeuCauBoSung: s.requestedBy ?? '',
      NoiDungBoSung: s.content,
      NgayBoSung: portalDate(s.requestedAt),
      NguoiTiepNhanBoSung: s.receivedBy ?? '',
      ThongTinTiepNhan: '',
      NgayTiepNhanBoSung: portalDate(s.receivedAt),
      TrangThaiBoSung: s.receivedAt ? 1 : 0,
      NgayHenTraTruoc: portalDate(s.dueBefore),
      NgayHenTraMoi: portalDate(s.dueAfter),
    })),
  };
}

/** One processing step as the progress row reads it. */
export interface PortalStepInput {
  code: string;
  /** Who did it (null: the system). */
  actorName: string | null;
  actorTitle: string | null;
  at: Date;
  department: string;
  /** What was done: the step's label, never its free-text note (names, ID numbers). */
  content: string;
  /** The portal's TrangThaiHoSo after the step. */
  status: number;
  /** The appointment in force after the step (null: unknown). */
  dueAt: Date | null;
}

export interface PortalProgressRow {
  MaHoSo: string;
  NguoiXuLy: string;
  ChucDanh: string;
  ThoiDiemXuLy: string;
  PhongBanXuLy: string;
  NoiDungXuLy: string;
  TrangThai: number;
  NgayBatDau: string;
  NgayKetThucTheoQuyDinh: string;
}

/** The name the portal shows for a step the system made (a recomputation, an automatic apology). */
export const SYSTEM_ACTOR = 'Hệ thống một cửa điện tử';

export function progressRow(s: PortalStepInput): PortalProgressRow {
  return {
    MaHoSo: s.code,
    NguoiXuLy: s.actorName ?? SYSTEM_ACTOR,
    ChucDanh: s.actorTitle ?? '',
    ThoiDiemXuLy: portalDate(s.at),
    PhongBanXuLy: s.department,
    NoiDungXuLy: s.content,
    TrangThai: s.status,
    NgayBatDau: portalDate(s.at),
    NgayKetThucTheoQuyDinh: portalDate(s.dueAt),
  };
}
