/**
 * Whether a base URL points at the machine itself (localhost, 127.0.0.0/8, ::1): a receipt's
 * QR code built on it opens nothing on a citizen's phone. Start-up (src/server.ts) and the
 * administrators' home page both ask this one function.
 */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  // The URL parser has already shortened IPv6 (::1) and written IPv4-mapped 127.x in hex.
  return host === '::1' || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host);
}
