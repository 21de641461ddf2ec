/**
 * The form registry: every printed form has a key (what it is) and, per numbering, a
 * printed label ("Mẫu 01"), a title and a number suffix ("Số: …/PBS"). Logic names forms by
 * key only; labels and suffixes come from here, so a province can print the 2025 numbering
 * (Circular 03/2025, the default) or the 2018 labels, and set its own suffixes
 * (FORM_SUFFIXES). Circular 03/2025 Annex I numbers 01 receipt, 02 supplement, 03 refusal;
 * 04–07 follow a 2026 source not verified against the circular itself (domain.md).
 */
export const FORM_KEYS = ['receipt', 'supplement', 'refusal', 'apology', 'stop_notice', 'control_sheet', 'tracking_book'] as const;
export type FormKey = (typeof FORM_KEYS)[number];
export type FormNumbering = '2025' | '2018';

export interface FormInfo {
  key: FormKey;
  /** "Mẫu 02", or '' where the numbering has no such form. */
  label: string;
  /** The title printed in capitals. */
  title: string;
  /** The number suffix: "Số: …/<suffix>". */
  suffix: string;
}

const TITLES: Record<FormKey, string> = {
  receipt: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
  supplement: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
  refusal: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
  apology: 'PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT',
  stop_notice: 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
  control_sheet: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
  tracking_book: 'SỔ THEO DÕI HỒ SƠ',
};

/** The 2018 titles that differ (Circular 01/2018). */
const TITLES_2018: Partial<Record<FormKey, string>> = {
  apology: 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
};

const NUMBERS: Record<FormNumbering, Record<FormKey, string>> = {
  '2025': { receipt: '01', supplement: '02', refusal: '03', apology: '04', stop_notice: '05', control_sheet: '06', tracking_book: '07' },
  '2018': { receipt: '01', supplement: '02', refusal: '03', apology: '04', stop_notice: '', control_sheet: '05', tracking_book: '06' },
};

/** Default suffixes, as printed in forms copied from Circular 03/2025 (the receipt's is the unit's own). */
export const DEFAULT_SUFFIXES: Record<FormKey, string> = {
  receipt: 'TNHS',
  supplement: 'PBS',
  refusal: 'PTC',
  apology: 'PXL',
  stop_notice: 'TBDG',
  control_sheet: 'PKS',
  tracking_book: 'STD',
};

export function isFormKey(value: string): value is FormKey {
  return (FORM_KEYS as readonly string[]).includes(value);
}

/** A form's label, title and suffix under a numbering, with the deployment's suffixes. */
export function formInfo(key: FormKey, numbering: FormNumbering, suffixes: Partial<Record<FormKey, string>> = {}): FormInfo {
  const n = NUMBERS[numbering][key];
  return {
    key,
    label: n ? `Mẫu ${n}` : '',
    title: (numbering === '2018' ? TITLES_2018[key] : undefined) ?? TITLES[key],
    suffix: suffixes[key] ?? DEFAULT_SUFFIXES[key],
  };
}
