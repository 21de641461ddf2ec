/** Text normalization shared by every boundary: NFC, trimmed, single spaces. */

export function nfc(value: string): string {
  return value.normalize('NFC');
}

export function cleanText(value: string): string {
  return nfc(value).replace(/\s+/gu, ' ').trim();
}

/**
 * Accent-insensitive, lower-case form for search ("Nguyễn Thị Thảo" → "nguyen thi thao").
 * "đ" is a letter of its own in Vietnamese, not a d with a mark, so it is mapped by hand.
 */
export function foldForSearch(value: string): string {
  return cleanText(value)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}
