/** The columns of the procedure catalogue CSV: their keys, Vietnamese headers, accepted spellings and help, and the clear marker. */
import { MAX_STEPS } from '../../catalogue/process-steps.js';
import { headerKey } from './procedures.schema.js';

export type ImportColumn =
  | 'code'
  | 'name'
  | 'field'
  | 'processing_unit'
  | 'processing_amount'
  | 'fee_vnd'
  | 'fee_note'
  | 'result'
  | 'apology_extension_days'
  | 'lead_agency_eid'
  | 'receiving_agency_eids'
  | 'documents'
  | 'processing_note'
  | 'result_at_counter'
  | 'supplement_clock'
  | 'next_day_after_cutoff'
  | 'steps'
  | 'portal_procedure_code'
  | 'portal_field_code'
  | 'portal_field_name';

export interface ColumnSpec {
  key: ImportColumn;
  /** The Vietnamese header documented on the page. */
  vi: string;
  label: string;
  required: boolean;
  /** Other accepted spellings, compared after headerKey(). */
  aliases: string[];
  help: string;
}

export const IMPORT_COLUMNS: readonly ColumnSpec[] = [
  { key: 'code', vi: 'ma_thu_tuc', label: 'Mã thủ tục', required: true, aliases: ['ma', 'ma_tthc'], help: 'Mã trên Cơ sở dữ liệu quốc gia về TTHC, ví dụ 1.001612. Dùng để nhận biết thủ tục đã có (cập nhật) hay mới (thêm).' },
  { key: 'name', vi: 'ten_thu_tuc', label: 'Tên thủ tục', required: true, aliases: ['ten', 'ten_tthc'], help: 'Tối đa 500 ký tự.' },
  { key: 'field', vi: 'linh_vuc', label: 'Lĩnh vực', required: true, aliases: [], help: 'Ví dụ: Hộ tịch.' },
  { key: 'processing_unit', vi: 'don_vi_thoi_gian', label: 'Đơn vị thời gian', required: true, aliases: ['don_vi_thoi_han'], help: 'working_days (ngày làm việc), same_day (trong ngày), working_hours (giờ làm việc) hoặc calendar_days (ngày theo lịch); ghi bằng tiếng Việt cũng được.' },
  { key: 'processing_amount', vi: 'thoi_gian_giai_quyet', label: 'Thời gian giải quyết', required: true, aliases: ['thoi_han_giai_quyet', 'thoi_han', 'so_luong_thoi_gian'], help: 'Số nguyên từ 1 đến 365; để trống hoặc 0 với thủ tục trong ngày.' },
  { key: 'fee_vnd', vi: 'le_phi_vnd', label: 'Lệ phí (đồng)', required: true, aliases: ['le_phi', 'phi_le_phi', 'phi_le_phi_vnd', 'le_phi_dong'], help: 'Số nguyên, ví dụ 100000 hoặc 100.000; 0 là miễn phí. Thủ tục mới: để trống nếu thu theo ghi chú. Thủ tục đã có: ô trống là giữ nguyên lệ phí đang lưu; ghi (xóa) nếu chuyển sang thu theo ghi chú.' },
  { key: 'fee_note', vi: 'ghi_chu_le_phi', label: 'Ghi chú lệ phí', required: true, aliases: ['ghi_chu_phi'], help: 'Có thể để trống. Thủ tục đã có: ô trống là giữ nguyên giá trị đang lưu; muốn xóa, ghi (xóa).' },
  { key: 'result', vi: 'ket_qua', label: 'Kết quả giải quyết', required: true, aliases: ['ket_qua_giai_quyet'], help: 'Ví dụ: Giấy chứng nhận đăng ký hộ kinh doanh.' },
  { key: 'apology_extension_days', vi: 'so_ngay_gia_han', label: 'Số ngày gia hạn khi xin lỗi', required: true, aliases: ['gia_han_xin_loi', 'so_ngay_gia_han_xin_loi'], help: 'Số ngày làm việc từ 0 đến 60; để trống là 5.' },
  { key: 'lead_agency_eid', vi: 'co_quan_chu_tri', label: 'Cơ quan, phòng chủ trì giải quyết', required: true, aliases: ['ma_co_quan_chu_tri', 'co_quan_giai_quyet', 'co_quan_chu_tri_giai_quyet', 'phong_chu_tri', 'co_quan_phong_chu_tri'], help: 'Mã định danh của cơ quan hoặc phòng chuyên môn chủ trì giải quyết, ví dụ 000.00.12.H26: hồ sơ được chuyển ngay vào hàng đợi của cơ quan, phòng này khi tiếp nhận. Thủ tục mới: để trống nếu cơ quan tiếp nhận tự giải quyết (thủ tục cấp xã). Thủ tục đã có: ô trống là giữ nguyên; ghi (xóa) nếu từ nay cơ quan tiếp nhận tự giải quyết.' },
  { key: 'receiving_agency_eids', vi: 'co_quan_tiep_nhan', label: 'Cơ quan tiếp nhận', required: true, aliases: ['ma_co_quan_tiep_nhan', 'noi_tiep_nhan'], help: 'Mã định danh các cơ quan có Bộ phận Một cửa tiếp nhận thủ tục, cách nhau bằng dấu chấm phẩy (;). Thủ tục đã có: ô trống là giữ nguyên giá trị đang lưu; muốn xóa, ghi (xóa).' },
  { key: 'documents', vi: 'thanh_phan_ho_so', label: 'Thành phần hồ sơ', required: true, aliases: ['giay_to'], help: 'Tên các giấy tờ, cách nhau bằng dấu chấm phẩy (;). Giấy tờ có ghi "(nếu có)" là không bắt buộc. Giấy tờ trùng tên với giấy tờ đã có giữ nguyên số bản chính, bản sao. Thủ tục đã có: ô trống là giữ nguyên thành phần hồ sơ đang lưu (không bao giờ xóa); muốn xóa hết, ghi (xóa).' },
  { key: 'result_at_counter', vi: 'tra_tai_quay', label: 'Kết quả trả ngay tại Bộ phận Một cửa', required: false, aliases: ['ket_qua_tai_quay', 'tra_ket_qua_tai_quay'], help: 'Cột không bắt buộc: 1 hoặc "có" nếu Bộ phận Một cửa tự giải quyết và trả kết quả ngay (chứng thực bản sao, chứng thực chữ ký), 0, "không" hoặc để trống nếu không. Nếu không có cột này, giá trị của thủ tục đã có được giữ nguyên (thủ tục mới: không).' },
  { key: 'processing_note', vi: 'ghi_chu_thoi_han', label: 'Ghi chú thời hạn', required: false, aliases: ['ghi_chu_thoi_gian'], help: 'Cột không bắt buộc. Nếu không có cột này hoặc ô để trống, ghi chú của thủ tục đã có được giữ nguyên; muốn xóa, ghi (xóa).' },
  {
    key: 'supplement_clock',
    vi: 'thoi_han_sau_bo_sung',
    label: 'Thời hạn sau khi bổ sung hồ sơ',
    required: false,
    aliases: ['tinh_thoi_han_sau_bo_sung'],
    help: 'Cột không bắt buộc: restart hoặc "tính lại" (thời hạn giải quyết tính lại từ đầu khi nhận đủ hồ sơ bổ sung; để trống cũng là tính lại), resume hoặc "tính tiếp" (tính tiếp thời gian còn lại). Nếu không có cột này, giá trị của thủ tục đã có được giữ nguyên (thủ tục mới: tính lại từ đầu).',
  },
  {
    key: 'next_day_after_cutoff',
    vi: 'ap_dung_nd63',
    label: 'Áp dụng Nghị định 63/2024',
    required: false,
    aliases: ['nd63', 'nghi_dinh_63', 'ap_dung_nghi_dinh_63_2024', 'nhan_sau_15_gio_tinh_tu_ngay_lam_viec_tiep_theo'],
    help: 'Cột không bắt buộc: 1 hoặc "có" nếu hồ sơ nhận sau 15 giờ được tính từ ngày làm việc tiếp theo (Nghị định 63/2024/NĐ-CP), 0, "không" hoặc để trống nếu không. Nếu không có cột này, giá trị của thủ tục đã có được giữ nguyên (thủ tục mới: không).',
  },
  {
    key: 'steps',
    vi: 'quy_trinh',
    label: 'Quy trình nội bộ',
    required: false,
    aliases: ['quy_trinh_noi_bo', 'cac_buoc'],
    help: `Cột không bắt buộc: các bước theo thứ tự, cách nhau bằng dấu chấm phẩy (;); mỗi bước là "Tên bước|mã định danh cơ quan, phòng thực hiện|thời gian", ví dụ "Tiếp nhận, chuyển hồ sơ|000.31.01.H26|4h; Thẩm định||2 ngày; Ký duyệt|000.31.01.H26|8h". Bỏ trống mã (hoặc viết "Tên bước|thời gian") khi bước do cơ quan, phòng chủ trì giải quyết thực hiện. Thời gian: số giờ làm việc (4h, 4 giờ) hoặc số ngày làm việc (2d, 2 ngày); tổng thời gian các bước không được vượt thời gian giải quyết. Tối đa ${MAX_STEPS} bước. Nếu không có cột này hoặc ô để trống, quy trình của thủ tục đã có được giữ nguyên; ghi (xóa) để bỏ quy trình nội bộ (các bước đã có bị xóa).`,
  },
  {
    key: 'portal_procedure_code',
    vi: 'ma_tthc_dvcqg',
    label: 'Mã TTHC trên Cổng DVCQG',
    required: false,
    aliases: ['ma_tthc_cong_dvcqg', 'ma_thu_tuc_dvcqg'],
    help: 'Cột không bắt buộc: mã thủ tục trên Cổng Dịch vụ công quốc gia (MaTTHC), chỉ khi khác mã thủ tục. Nếu không có cột này hoặc ô để trống, giá trị đang lưu được giữ nguyên (thủ tục mới: dùng mã thủ tục); ghi (xóa) để dùng lại mã thủ tục.',
  },
  {
    key: 'portal_field_code',
    vi: 'ma_linh_vuc',
    label: 'Mã lĩnh vực trên Cổng DVCQG',
    required: false,
    aliases: ['ma_linh_vuc_dvcqg'],
    help: 'Cột không bắt buộc: mã lĩnh vực của thủ tục trên Cổng DVCQG (MaLinhVuc). Khi thủ tục chưa có mã lĩnh vực, hồ sơ của thủ tục được giữ lại, chưa đồng bộ lên Cổng. Nếu không có cột này hoặc ô để trống, giá trị đang lưu được giữ nguyên; ghi (xóa) để xóa.',
  },
  {
    key: 'portal_field_name',
    vi: 'ten_linh_vuc',
    label: 'Tên lĩnh vực trên Cổng DVCQG',
    required: false,
    aliases: ['ten_linh_vuc_dvcqg'],
    help: 'Cột không bắt buộc: tên lĩnh vực gửi lên Cổng DVCQG (TenLinhVuc). Nếu không có cột này hoặc ô để trống, giá trị đang lưu được giữ nguyên (thủ tục mới: dùng lĩnh vực của thủ tục); ghi (xóa) để dùng lại lĩnh vực của thủ tục.',
  },
];

export const ENGLISH_HEADER = IMPORT_COLUMNS.filter((c) => c.required)
  .map((c) => c.key)
  .join(',');
export const VIETNAMESE_HEADER = IMPORT_COLUMNS.filter((c) => c.required)
  .map((c) => c.vi)
  .join(',');

export const HEADER_LOOKUP = new Map<string, ImportColumn>();
for (const c of IMPORT_COLUMNS) {
  for (const name of [c.key, c.vi, headerKey(c.label), ...c.aliases]) HEADER_LOOKUP.set(name, c.key);
}

/**
 * The marker that clears a stored value on purpose. For a procedure already in the catalogue,
 * an empty cell of an optional column keeps what is stored: a file never deletes by omission.
 */
export const CLEAR_MARKER = '(xóa)';

/** "(xóa)", "xóa", "(xoa)" or "xoa", in any case. */
export function isClearMarker(raw: string): boolean {
  return headerKey(raw) === 'xoa';
}

