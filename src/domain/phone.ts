/** Vietnamese phone numbers as the office stores them: the national form, 0…. */

/** 0987 654 321, 0987.654.321, +84987654321, 84987654321 → 0987654321. */
export function normalizePhone(value: string): string {
  let digits = value.replace(/[\s.\-()]/g, '');
  if (digits.startsWith('+84')) digits = `0${digits.slice(3)}`;
  else if (/^84\d{9,10}$/.test(digits)) digits = `0${digits.slice(2)}`;
  return digits;
}
