/**
 * The chip-based citizen ID card (CCCD): reading its QR text and checking a 12-digit
 * personal identification number.
 *
 * The number (Nghị định 137/2015/NĐ-CP art. 13, Thông tư 07/2016/TT-BCA art. 7, Thông tư
 * 59/2021/TT-BCA art. 4): 3 digits of the province where the birth was registered, 1 digit
 * for century and sex (0/1: 1900–1999, 2/3: 2000–2099, 4/5: 2100s, 6/7: 2200s, 8/9: 2300s;
 * even male, odd female), 2 digits of the birth year, 6 random digits.
 *
 * The QR text: `number|old 9-digit number (may be empty)|full name|date of birth ddMMyyyy|
 * sex (Nam/Nữ)|permanent address|issue date ddMMyyyy`, typed by a keyboard-wedge scanner.
 * Pure: no clock, no I/O.
 */
import { formatLocalDateVn, isLocalDate } from './time.js';
import { cleanText, foldForSearch, nfc } from './text.js';

export type Sex = 'male' | 'female';
export const SEXES = ['male', 'female'] as const;
export const SEX_LABELS: Record<Sex, string> = { male: 'Nam', female: 'Nữ' };

/**
 * Province codes of birth registration (Thông tư 07/2016/TT-BCA, Phụ lục I): the 63
 * provinces' codes from 001 to 096, with gaps (003, 005, 007… were never assigned). Numbers
 * already issued keep their code after the 2025 merger of provinces; a merged province
 * goes on with one of its old codes, so this list stays the set of valid prefixes.
 */
export const PROVINCE_CODES: ReadonlyMap<string, string> = new Map([
  ['001', 'Hà Nội'], ['002', 'Hà Giang'], ['004', 'Cao Bằng'], ['006', 'Bắc Kạn'], ['008', 'Tuyên Quang'],
  ['010', 'Lào Cai'], ['011', 'Điện Biên'], ['012', 'Lai Châu'], ['014', 'Sơn La'], ['015', 'Yên Bái'],
  ['017', 'Hòa Bình'], ['019', 'Thái Nguyên'], ['020', 'Lạng Sơn'], ['022', 'Quảng Ninh'], ['024', 'Bắc Giang'],
  ['025', 'Phú Thọ'], ['026', 'Vĩnh Phúc'], ['027', 'Bắc Ninh'], ['030', 'Hải Dương'], ['031', 'Hải Phòng'],
  ['033', 'Hưng Yên'], ['034', 'Thái Bình'], ['035', 'Hà Nam'], ['036', 'Nam Định'], ['037', 'Ninh Bình'],
  ['038', 'Thanh Hóa'], ['040', 'Nghệ An'], ['042', 'Hà Tĩnh'], ['044', 'Quảng Bình'], ['045', 'Quảng Trị'],
  ['046', 'Thừa Thiên Huế'], ['048', 'Đà Nẵng'], ['049', 'Quảng Nam'], ['051', 'Quảng Ngãi'], ['052', 'Bình Định'],
  ['054', 'Phú Yên'], ['056', 'Khánh Hòa'], ['058', 'Ninh Thuận'], ['060', 'Bình Thuận'], ['062', 'Kon Tum'],
  ['064', 'Gia Lai'], ['066', 'Đắk Lắk'], ['067', 'Đắk Nông'], ['068', 'Lâm Đồng'], ['070', 'Bình Phước'],
  ['072', 'Tây Ninh'], ['074', 'Bình Dương'], ['075', 'Đồng Nai'], ['077', 'Bà Rịa - Vũng Tàu'], ['079', 'Hồ Chí Minh'],
  ['080', 'Long An'], ['082', 'Tiền Giang'], ['083', 'Bến Tre'], ['084', 'Trà Vinh'], ['086', 'Vĩnh Long'],
  ['087', 'Đồng Tháp'], ['089', 'An Giang'], ['091', 'Kiên Giang'], ['092', 'Cần Thơ'], ['093', 'Hậu Giang'],
  ['094', 'Sóc Trăng'], ['095', 'Bạc Liêu'], ['096', 'Cà Mau'],
]);

export const CCCD_MESSAGES = {
  length: 'Số định danh cá nhân phải gồm đúng 12 chữ số',
  qrEmpty: 'Chưa đọc được mã QR. Đặt thẻ CCCD dưới máy quét và quét lại.',
  qrShape: 'Nội dung quét không phải mã QR trên thẻ CCCD (cần các trường cách nhau bởi dấu |). Quét lại hoặc nhập tay.',
} as const;

/**
 * A keyboard-wedge scanner left in a code page without Vietnamese letters types "?" for every
 * letter with a diacritic: "Lê Văn Hùng" arrives as "L? V?n H?ng", "Nữ" as "N?". The text
 * fields of the card (name, sex, address) never hold a "?" otherwise. The remedy is on the
 * scanner, not in the form: its keyboard output must be set to Unicode.
 */
export function scannerLostDiacritics(text: string): boolean {
  return text.includes('?');
}

/** What the clerk is told when the scanner typed "?" for the letters with diacritics (`read`: the name as it came). */
export function scannerUnicodeMessage(read: string): string {
  return (
    `Máy quét gửi các chữ có dấu thành dấu “?” (đọc được: “${read.slice(0, 60)}”): máy quét chưa ở chế độ gõ Unicode nên không điền được họ tên, địa chỉ. ` +
    'Chuyển máy quét sang chế độ xuất Unicode (UTF-8): thường bằng cách quét mã vạch cấu hình “Unicode” hoặc “UTF-8” trong sách hướng dẫn của máy quét, ' +
    'hoặc đặt kiểu giả lập bàn phím sang “Alt + Unicode” nếu máy có tùy chọn này; rồi quét lại. Trong lúc chờ, nhập tay thông tin trên thẻ.'
  );
}

export interface CccdNumberParts {
  provinceCode: string;
  provinceName: string;
  sex: Sex;
  /** The birth year the number encodes (century digit and two year digits). */
  birthYear: number;
}

export type CccdCheck = { ok: true; parts: CccdNumberParts } | { ok: false; message: string };

/**
 * Checks a 12-digit number's structure: the province code, then (when given) that the
 * century/sex digit and the two year digits agree with the date of birth (`YYYY-MM-DD`) and
 * the sex. Spaces are the caller's to strip.
 */
export function checkCccdNumber(number: string, against: { birthDate?: string | null; sex?: Sex | null } = {}): CccdCheck {
  if (!/^\d{12}$/.test(number)) return { ok: false, message: CCCD_MESSAGES.length };
  const provinceCode = number.slice(0, 3);
  const provinceName = PROVINCE_CODES.get(provinceCode);
  if (!provinceName) {
    const n = Number(provinceCode);
    return {
      ok: false,
      message:
        n < 1 || n > 96
          ? `Ba chữ số đầu của số định danh (${provinceCode}) phải là mã tỉnh, thành phố nơi đăng ký khai sinh, từ 001 đến 096. Kiểm tra lại số.`
          : `Ba chữ số đầu của số định danh (${provinceCode}) không phải mã tỉnh, thành phố nào (danh mục mã tỉnh theo Thông tư 07/2016/TT-BCA). Kiểm tra lại số.`,
    };
  }
  const digit = Number(number[3]);
  const centuryStart = 1900 + Math.floor(digit / 2) * 100;
  const sex: Sex = digit % 2 === 0 ? 'male' : 'female';
  const birthYear = centuryStart + Number(number.slice(4, 6));
  const parts: CccdNumberParts = { provinceCode, provinceName, sex, birthYear };

  const birthDate = against.birthDate ?? null;
  if (birthDate) {
    const year = Number(birthDate.slice(0, 4));
    if (year < centuryStart || year > centuryStart + 99) {
      return {
        ok: false,
        message: `Chữ số thứ tư của số định danh (${digit}) chỉ người sinh trong các năm ${centuryStart}–${centuryStart + 99}, không khớp với ngày sinh ${formatLocalDateVn(birthDate)}.`,
      };
    }
    if (year !== birthYear) {
      return {
        ok: false,
        message: `Chữ số thứ năm và thứ sáu của số định danh (${number.slice(4, 6)}) phải là hai số cuối của năm sinh (${String(year).slice(2)}, theo ngày sinh ${formatLocalDateVn(birthDate)}).`,
      };
    }
  }
  const givenSex = against.sex ?? null;
  if (givenSex && givenSex !== sex) {
    return {
      ok: false,
      message: `Chữ số thứ tư của số định danh (${digit}) chỉ giới tính ${SEX_LABELS[sex]}, không khớp với giới tính ${SEX_LABELS[givenSex]}.`,
    };
  }
  return { ok: true, parts };
}

/** What the QR of a CCCD holds. Dates as `YYYY-MM-DD`. */
export interface CccdCard {
  idNumber: string;
  /** The old 9-digit ID (CMND), when the card carries one. */
  oldIdNumber: string | null;
  fullName: string;
  birthDate: string;
  sex: Sex;
  address: string;
  issueDate: string | null;
}

export type CccdScan = { ok: true; card: CccdCard } | { ok: false; message: string };

/** A QR text somewhere in a longer value: 12 digits, then at least five more `|`-separated fields. */
const QR_IN_TEXT = /\d{12}\|[^|]*\|[^|]*\|[^|]*\|[^|]*\|[^|]*(?:\|[^|]*)*$/u;

/**
 * Where a CCCD QR text begins inside `value` (a scan typed into some other field after
 * what was already there), or -1.
 */
export function findCccdQr(value: string): number {
  const m = QR_IN_TEXT.exec(value);
  return m ? m.index : -1;
}

/** `ddMMyyyy` → `YYYY-MM-DD`, a real date between 1900 and 2100, or null. */
export function parseQrDate(raw: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(raw);
  if (!m) return null;
  const iso = `${m[3]}-${m[2]}-${m[1]}`;
  const year = Number(m[3]);
  return isLocalDate(iso) && year >= 1900 && year <= 2100 ? iso : null;
}

/** "Nam" / "Nữ" in any case, with or without the accent (some scanners drop it). */
export function parseSex(raw: string): Sex | null {
  const folded = foldForSearch(raw);
  return folded === 'nam' ? 'male' : folded === 'nu' ? 'female' : null;
}

/**
 * Reads the QR text of a CCCD. Surrounding whitespace and fields after the issue date are
 * tolerated; the text is NFC-normalized; the number is checked against the date of birth
 * and the sex the card itself carries.
 */
export function parseCccdQr(text: string): CccdScan {
  const raw = nfc(text).trim();
  if (raw === '') return { ok: false, message: CCCD_MESSAGES.qrEmpty };
  const fields = raw.split('|').map((f) => cleanText(f));
  if (fields.length < 6) return { ok: false, message: CCCD_MESSAGES.qrShape };
  const [idRaw = '', oldRaw = '', nameRaw = '', birthRaw = '', sexRaw = '', addressRaw = '', issueRaw = ''] = fields;
  // Before anything else: a scanner not typing Unicode breaks the name, sex and address alike.
  const broken = [nameRaw, sexRaw, addressRaw].find(scannerLostDiacritics);
  if (broken !== undefined) return { ok: false, message: scannerUnicodeMessage(scannerLostDiacritics(nameRaw) ? nameRaw : broken) };

  const idNumber = idRaw.replace(/\s/g, '');
  if (!/^\d{12}$/.test(idNumber)) return { ok: false, message: `Mã QR không chứa số định danh 12 chữ số ở trường đầu tiên (đọc được: “${idRaw.slice(0, 20)}”). Quét lại.` };
  if (nameRaw === '') return { ok: false, message: 'Mã QR không có họ và tên. Quét lại hoặc nhập tay.' };
  if (nameRaw.length > 200) return { ok: false, message: 'Họ và tên trong mã QR dài quá 200 ký tự. Quét lại hoặc nhập tay.' };
  const birthDate = parseQrDate(birthRaw.replace(/\s/g, ''));
  if (!birthDate) return { ok: false, message: `Ngày sinh trong mã QR không hợp lệ (đọc được: “${birthRaw.slice(0, 20)}”, cần dạng ngàythángnăm, ví dụ 05091990). Quét lại.` };
  const sex = parseSex(sexRaw);
  if (!sex) return { ok: false, message: `Giới tính trong mã QR không hợp lệ (đọc được: “${sexRaw.slice(0, 20)}”, cần “Nam” hoặc “Nữ”). Quét lại.` };
  if (addressRaw === '') return { ok: false, message: 'Mã QR không có nơi thường trú. Quét lại hoặc nhập tay địa chỉ.' };
  if (addressRaw.length > 500) return { ok: false, message: 'Nơi thường trú trong mã QR dài quá 500 ký tự. Nhập tay địa chỉ.' };
  const issueDigits = issueRaw.replace(/\s/g, '');
  const issueDate = issueDigits === '' ? null : parseQrDate(issueDigits);
  if (issueDigits !== '' && !issueDate) return { ok: false, message: `Ngày cấp trong mã QR không hợp lệ (đọc được: “${issueRaw.slice(0, 20)}”). Quét lại.` };

  const check = checkCccdNumber(idNumber, { birthDate, sex });
  if (!check.ok) return { ok: false, message: `Mã QR không hợp lệ: ${check.message}` };
  const oldDigits = oldRaw.replace(/\s/g, '');
  return {
    ok: true,
    card: {
      idNumber,
      // The old number is not used; anything but 9 digits is read as absent.
      oldIdNumber: /^\d{9}$/.test(oldDigits) ? oldDigits : null,
      fullName: nameRaw,
      birthDate,
      sex,
      address: addressRaw,
      issueDate,
    },
  };
}
