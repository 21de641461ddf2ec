/**
 * Zalo's webhook signature (docs/domain.md "Zalo Official Account contract"): the header
 * `X-ZEvent-Signature: mac=<hex>` with hex = SHA-256 of app_id + raw body + timestamp +
 * the OA secret key (app_id and timestamp as they appear in the JSON body), as Chatwoot's
 * Zalo channel verifies it. Compared in constant time.
 */
import crypto from 'node:crypto';

export function zaloMac(appId: string, rawBody: string, timestamp: string, oaSecretKey: string): string {
  return crypto.createHash('sha256').update(`${appId}${rawBody}${timestamp}${oaSecretKey}`, 'utf8').digest('hex');
}

/** The hex of a `mac=<hex>` header (case-insensitive name, surrounding spaces ignored); null when malformed. */
export function macOfHeader(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const m = /^\s*mac\s*=\s*([0-9a-fA-F]{64})\s*$/.exec(value ?? '');
  return m ? m[1]!.toLowerCase() : null;
}

export function verifyZaloSignature(header: string | string[] | undefined, appId: string, rawBody: string, timestamp: string, oaSecretKey: string): boolean {
  const given = macOfHeader(header);
  if (!given) return false;
  const expected = Buffer.from(zaloMac(appId, rawBody, timestamp, oaSecretKey), 'hex');
  return crypto.timingSafeEqual(Buffer.from(given, 'hex'), expected);
}
