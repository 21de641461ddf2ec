/**
 * Vocabulary for realistic synthetic data: Vietnamese personal names (with the usual
 * frequency of family names), Đồng Nai place names for ward and commune centres, street
 * names, and the notes officers write (supplement lists, pause and refusal reasons,
 * apologies, citizens' comments). Everything is NFC.
 */

const nfc = (xs: readonly string[]) => xs.map((x) => x.normalize('NFC'));

/** Family names and their approximate share of the population (per cent). */
export const FAMILY_NAMES: ReadonlyArray<readonly [string, number]> = (
  [
    ['Nguyễn', 31.5],
    ['Trần', 10.9],
    ['Lê', 9.5],
    ['Phạm', 7],
    ['Hoàng', 5.1],
    ['Huỳnh', 4],
    ['Phan', 4.5],
    ['Vũ', 3.9],
    ['Võ', 3],
    ['Đặng', 2.1],
    ['Bùi', 2],
    ['Đỗ', 1.4],
    ['Hồ', 1.3],
    ['Ngô', 1.3],
    ['Dương', 1],
    ['Lý', 0.5],
    ['Đinh', 0.7],
    ['Trương', 0.8],
    ['Lâm', 0.5],
    ['Mai', 0.5],
    ['Đoàn', 0.5],
    ['Cao', 0.4],
    ['Lưu', 0.3],
    ['Tạ', 0.3],
    ['Châu', 0.2],
    ['Tô', 0.3],
    ['Hà', 0.4],
    ['Thái', 0.3],
    ['Kiều', 0.1],
    ['La', 0.1],
  ] as const
).map(([n, w]) => [n.normalize('NFC'), w] as const);

export const MALE_MIDDLE = nfc(['Văn', 'Văn', 'Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thanh', 'Công', 'Hoàng', 'Ngọc', 'Trọng', 'Tấn', 'Xuân', 'Gia', 'Anh', 'Quang', 'Thành']);
export const FEMALE_MIDDLE = nfc(['Thị', 'Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Mỹ', 'Bích', 'Hồng', 'Thùy', 'Phương', 'Minh', 'Ánh', 'Bảo', 'Thị Thu', 'Thị Ngọc', 'Thị Kim', 'Thị Thanh']);

export const MALE_GIVEN = nfc([
  'An', 'Anh', 'Bảo', 'Bình', 'Cường', 'Dũng', 'Duy', 'Đạt', 'Định', 'Đông', 'Đức', 'Hải', 'Hào', 'Hiếu', 'Hòa', 'Hoàng', 'Hùng', 'Huy', 'Khang',
  'Khánh', 'Khoa', 'Kiên', 'Lâm', 'Long', 'Lộc', 'Luân', 'Minh', 'Nam', 'Nghĩa', 'Nhân', 'Phát', 'Phong', 'Phúc', 'Quang', 'Quân', 'Sơn', 'Tài',
  'Tâm', 'Thắng', 'Thành', 'Thịnh', 'Tiến', 'Toàn', 'Trí', 'Trung', 'Tuấn', 'Tùng', 'Việt', 'Vinh', 'Vũ', 'Hưng', 'Thiện', 'Phước', 'Tín',
]);

export const FEMALE_GIVEN = nfc([
  'An', 'Anh', 'Ánh', 'Bích', 'Chi', 'Dung', 'Duyên', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hiền', 'Hoa', 'Hồng', 'Hương', 'Huyền', 'Lan', 'Liên', 'Linh',
  'Loan', 'Mai', 'My', 'Nga', 'Ngân', 'Ngọc', 'Nhi', 'Nhung', 'Oanh', 'Phương', 'Quyên', 'Quỳnh', 'Tâm', 'Thảo', 'Thanh', 'Thu', 'Thủy', 'Trang',
  'Trinh', 'Tuyết', 'Uyên', 'Vân', 'Vy', 'Xuân', 'Yến', 'Hậu', 'Diễm', 'Kiều', 'Thư',
]);

export const STREETS = nfc([
  'Phạm Văn Thuận', 'Đồng Khởi', 'Nguyễn Ái Quốc', 'Võ Thị Sáu', 'Cách Mạng Tháng Tám', '30 Tháng 4', 'Hà Huy Giáp', 'Bùi Văn Hòa',
  'Huỳnh Văn Nghệ', 'Nguyễn Văn Trỗi', 'Phan Trung', 'Trần Quốc Toản', 'Lê Duẩn', 'Hùng Vương', 'Lý Thái Tổ', 'Nguyễn Du', 'Trần Phú',
  'Nguyễn Tri Phương', 'Phạm Văn Khoai', 'Đặng Văn Trơn', 'Hồ Thị Hương', 'Nguyễn Thị Minh Khai', 'Lê Quý Đôn', 'Tôn Đức Thắng', 'Quốc lộ 1A',
  'Quốc lộ 51', 'Quốc lộ 20', 'Quốc lộ 13', 'Quốc lộ 14', 'Đường tỉnh 769',
]);

export type CommuneKind = 'phường' | 'xã';

export interface CommunePlace {
  name: string;
  kind: CommuneKind;
  /** Second group of the electronic ID: 000.<group>.<nn>.H26. */
  group: number;
}

/**
 * Ward and commune names of Đồng Nai after the July 2025 reorganisation (illustrative:
 * an administrator loads the real list and codes). The reference data already holds
 * phường Trấn Biên (000.31.01) and phường Tam Hiệp (000.31.02).
 */
export const COMMUNE_PLACES: readonly CommunePlace[] = (
  [
    ['Biên Hòa', 'phường', 31], ['Long Bình', 'phường', 31], ['Trảng Dài', 'phường', 31], ['Hố Nai', 'phường', 31], ['Long Hưng', 'phường', 31],
    ['Phước Tân', 'phường', 31], ['Tam Phước', 'phường', 31], ['Tân Triều', 'phường', 31], ['Long Khánh', 'phường', 32], ['Bình Lộc', 'phường', 32],
    ['Bảo Vinh', 'phường', 32], ['Xuân Lập', 'phường', 32], ['Hàng Gòn', 'phường', 32], ['Nhơn Trạch', 'xã', 33], ['Đại Phước', 'xã', 33],
    ['Phước An', 'xã', 33], ['Long Thành', 'xã', 33], ['Long Phước', 'xã', 33], ['Bình An', 'xã', 33], ['Phước Thái', 'xã', 33],
    ['An Phước', 'xã', 33], ['Trảng Bom', 'xã', 34], ['Bàu Hàm', 'xã', 34], ['Hưng Thịnh', 'xã', 34], ['An Viễn', 'xã', 34],
    ['Bình Minh', 'xã', 34], ['Thống Nhất', 'xã', 34], ['Dầu Giây', 'xã', 34], ['Gia Kiệm', 'xã', 34], ['Xuân Lộc', 'xã', 35],
    ['Xuân Hòa', 'xã', 35], ['Xuân Phú', 'xã', 35], ['Xuân Bắc', 'xã', 35], ['Xuân Định', 'xã', 35], ['Xuân Thành', 'xã', 35],
    ['Xuân Đường', 'xã', 35], ['Xuân Đông', 'xã', 35], ['Cẩm Mỹ', 'xã', 35], ['Sông Ray', 'xã', 35], ['Xuân Quế', 'xã', 35],
    ['Định Quán', 'xã', 36], ['Phú Vinh', 'xã', 36], ['La Ngà', 'xã', 36], ['Thanh Sơn', 'xã', 36], ['Tân Phú', 'xã', 36],
    ['Phú Lâm', 'xã', 36], ['Đak Lua', 'xã', 36], ['Nam Cát Tiên', 'xã', 36], ['Trị An', 'xã', 37], ['Tân An', 'xã', 37],
    ['Phú Lý', 'xã', 37], ['Đồng Xoài', 'phường', 38], ['Bình Phước', 'phường', 38], ['Minh Hưng', 'phường', 38], ['Chơn Thành', 'phường', 38],
    ['Đồng Phú', 'xã', 38], ['Tân Lợi', 'xã', 38], ['Nha Bích', 'xã', 38], ['An Lộc', 'phường', 39], ['Bình Long', 'phường', 39],
    ['Phước Long', 'phường', 39], ['Phước Bình', 'phường', 39], ['Lộc Ninh', 'xã', 39], ['Bù Đăng', 'xã', 39], ['Bù Đốp', 'xã', 39],
    ['Phú Riềng', 'xã', 39], ['Bù Gia Mập', 'xã', 39], ['Thiện Hưng', 'xã', 39], ['Đa Kia', 'xã', 39], ['Thọ Sơn', 'xã', 39],
  ] as const
).map(([name, kind, group]) => ({ name: name.normalize('NFC'), kind, group }));

export const ASSIGN_NOTES = nfc(['Chuyển chuyên viên thẩm định', 'Chuyển bộ phận chuyên môn xử lý', 'Đề nghị xử lý đúng hạn', 'Hồ sơ đầy đủ, chuyển giải quyết']);
export const FORWARD_NOTES = nfc(['Chuyển chuyên viên khác thẩm định tiếp', 'Chuyển lại để hoàn thiện dự thảo kết quả', 'Chuyển phối hợp xác minh thông tin']);

export const SUPPLEMENT_ITEMS = nfc([
  'Bản sao Giấy khai sinh có chứng thực',
  'Giấy xác nhận tình trạng hôn nhân còn hiệu lực',
  'Tờ khai ghi rõ nơi cư trú trước đây',
  'Bản chụp Căn cước công dân rõ nét cả hai mặt',
  'Hợp đồng thuê nhà có công chứng hoặc chứng thực',
  'Sơ đồ vị trí thửa đất có xác nhận',
  'Văn bản ủy quyền có chứng thực',
  'Biên bản họp thành viên hộ gia đình',
  'Chứng từ nộp lệ phí',
  'Bản chính giấy tờ để đối chiếu',
]);

/** The specific reason of a supplement request for each item above, in the same order (printed on Mẫu 02). */
export const SUPPLEMENT_REASONS = nfc([
  'Bản sao Giấy khai sinh nộp kèm chưa được chứng thực',
  'Giấy xác nhận tình trạng hôn nhân nộp kèm đã hết thời hạn sử dụng',
  'Tờ khai chưa ghi nơi cư trú trước đây của người yêu cầu',
  'Bản chụp Căn cước công dân bị mờ, không đọc được số định danh cá nhân',
  'Hợp đồng thuê nhà nộp kèm chưa được công chứng hoặc chứng thực',
  'Hồ sơ thiếu sơ đồ vị trí thửa đất theo quy định',
  'Người nộp hồ sơ thay chưa có văn bản ủy quyền được chứng thực',
  'Chưa có ý kiến thống nhất của các thành viên hộ gia đình',
  'Chưa có chứng từ nộp lệ phí theo quy định',
  'Bản sao nộp kèm chưa được đối chiếu với bản chính',
]);

export const PAUSE_REASONS = nfc([
  'Chờ người nộp hồ sơ thực hiện nghĩa vụ tài chính',
  'Chờ kết quả xác minh của cơ quan có liên quan',
  'Chờ ý kiến của cơ quan thuế',
  'Chờ xác minh nơi cư trú trước đây của người yêu cầu',
  'Chờ kết quả đo đạc, trích lục bản đồ địa chính',
]);

export const REFUSAL_REASONS = nfc([
  'Hồ sơ không đủ điều kiện giải quyết theo quy định',
  'Người yêu cầu không thuộc trường hợp được giải quyết tại cơ quan này',
  'Thông tin kê khai không trùng khớp với Cơ sở dữ liệu quốc gia về dân cư',
  'Thửa đất đang có tranh chấp, chưa đủ điều kiện đăng ký',
  'Giấy tờ nộp kèm không hợp lệ, đã hướng dẫn người nộp',
]);

export const WITHDRAWAL_REASONS = nfc([
  'Công dân có đơn đề nghị rút hồ sơ để bổ sung giấy tờ',
  'Người nộp đề nghị rút hồ sơ do thay đổi nhu cầu',
  'Người nộp đề nghị rút hồ sơ để nộp tại nơi cư trú',
]);

export const APOLOGY_REASONS = nfc([
  'Hồ sơ cần xác minh thêm thông tin tại nơi cư trú trước đây của người yêu cầu',
  'Chờ ý kiến phối hợp của cơ quan có liên quan',
  'Số lượng hồ sơ tăng đột biến trong kỳ, cần thêm thời gian thẩm định',
  'Hệ thống Cơ sở dữ liệu chuyên ngành gián đoạn, chưa cập nhật được kết quả',
]);

export const UNSATISFIED_COMMENTS = nfc([
  'Thời gian chờ tại quầy quá lâu',
  'Cán bộ hướng dẫn chưa rõ ràng, phải đi lại nhiều lần',
  'Trả kết quả trễ hẹn so với phiếu hẹn',
  'Thái độ tiếp dân chưa nhiệt tình',
  'Phải bổ sung hồ sơ nhiều lần, mỗi lần một yêu cầu khác',
  'Không được thông báo khi hồ sơ bị chậm',
  'Khu vực chờ chật, thiếu chỗ ngồi',
]);

export const PRAISE_COMMENTS = nfc([
  'Cán bộ nhiệt tình, hướng dẫn tận tình',
  'Có kết quả sớm hơn hẹn, rất cảm ơn',
  'Thủ tục nhanh gọn',
]);

export const RESULT_NOTES = nfc(['Đã ký duyệt kết quả', 'Kết quả đã chuyển Bộ phận Một cửa']);
