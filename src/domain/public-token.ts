import crypto from 'node:crypto';

/**
 * The random token of a dossier's public status URL (the QR of the receipt): 192 bits in
 * lower-case base32 (new tokens) or base64url (tokens issued before 2026-12-06, still valid).
 * Anything that does not look like one is not worth a query.
 */
export const PUBLIC_TOKEN_PATTERN = '[A-Za-z0-9_-]{22,64}';

const TOKEN_RE = new RegExp(`^${PUBLIC_TOKEN_PATTERN}$`);

export function isWellFormedToken(token: string): boolean {
  return TOKEN_RE.test(token);
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * RFC 4648 base32 in lower case, without padding: letters and the digits 2–7. The receipt
 * prints the status address under its QR for people without a scanner, so the token has no
 * punctuation (a base64url token ending in "-" at the end of the printed line is read as a
 * hyphenated line break, by people and by PDF text extraction alike, and loses its last
 * character) and no 0 or 1 to confuse with O and l.
 */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/**
 * A new public token: 192 random bits in base32 (39 characters), the only key to a dossier's
 * public status page (and to an online registration's follow-up page).
 */
export function newPublicToken(): string {
  return base32(crypto.randomBytes(24));
}
