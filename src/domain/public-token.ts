/**
 * The random token of a dossier's public status URL (the QR of the receipt): 192 bits,
 * base64url. Anything that does not look like one is not worth a query.
 */
export const PUBLIC_TOKEN_PATTERN = '[A-Za-z0-9_-]{22,64}';

const TOKEN_RE = new RegExp(`^${PUBLIC_TOKEN_PATTERN}$`);

export function isWellFormedToken(token: string): boolean {
  return TOKEN_RE.test(token);
}
