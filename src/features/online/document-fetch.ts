/**
 * A document the national portal or the province's platform names by URL, fetched ONCE into
 * the file store, with limits: http or https only, no credentials in the URL, no redirect
 * followed, a whole-request timeout, the store's size cap as the bytes stream (never whole in
 * memory), and never from the server's own network — loopback, private, link-local, CGNAT,
 * multicast and reserved addresses are refused, for the host's every DNS answer and for the
 * address actually connected to (a lookup hook on the socket: no rebinding between the check
 * and the connection). Tests allow a local peer with ONLINE_FETCH_ALLOW_PRIVATE.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { FileStore, StoredFile } from '../../platform/files/file-store.js';
import { refuse, type Refusal } from '../../platform/refusal/refusal.js';

export const FETCH_MESSAGES = {
  badUrl: 'Địa chỉ tệp phải là http:// hoặc https://, không kèm tên đăng nhập, mật khẩu.',
  privateAddress: 'Địa chỉ tệp trỏ vào mạng nội bộ: không được tải.',
  unreachable: 'Không tải được tệp từ địa chỉ đã cho (không kết nối được hoặc quá thời gian chờ).',
  status: (code: number) => `Máy chủ chứa tệp trả về mã ${code}, không phải 200: không tải được tệp.`,
} as const;

/**
 * An address the API must not fetch from (the server's own network): loopback, private,
 * link-local, carrier-grade NAT, benchmarking, unspecified, multicast and reserved ranges,
 * IPv4 and IPv6 (IPv4-mapped IPv6 read as its IPv4, NAT64 refused). Not an IP: refused.
 */
export function isPrivateAddress(address: string): boolean {
  let a = address.toLowerCase();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) a = mapped[1]!;
  const kind = isIP(a);
  if (kind === 4) {
    const [x, y] = a.split('.').map(Number) as [number, number];
    return x === 0 || x === 10 || x === 127 || x >= 224 || (x === 100 && y >= 64 && y <= 127) || (x === 169 && y === 254) || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168) || (x === 198 && (y === 18 || y === 19)) || (x === 192 && y === 0);
  }
  if (kind === 6) {
    if (a === '::' || a === '::1') return true;
    const first = parseInt(a.split(':')[0] || '0', 16);
    // fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast; the hex form of a mapped IPv4; NAT64.
    return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00 || /^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(a) || a.startsWith('64:ff9b:');
  }
  return true;
}

class PrivateAddress extends Error {}

/** A DNS lookup that refuses a host any of whose addresses is private (unless allowed). */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as dns.LookupAddress[];
      if (list.length === 0) return callback(new Error('no address'), '', 4);
      if (!allowPrivate && list.some((x) => isPrivateAddress(x.address))) return callback(new PrivateAddress(hostname), '', 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

export interface FetchOptions {
  timeoutMs: number;
  allowPrivate: boolean;
}

/** Fetches `url` into `store`: the stored file, or a refusal in Vietnamese (nothing kept). */
export async function fetchDocument(store: FileStore, url: string, o: FetchOptions): Promise<{ ok: true; value: StoredFile } | Refusal<'invalid'>> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return refuse('invalid', FETCH_MESSAGES.badUrl);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password) return refuse('invalid', FETCH_MESSAGES.badUrl);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  // An IP literal is connected to without a lookup: checked here.
  if (isIP(host) && !o.allowPrivate && isPrivateAddress(host)) return refuse('invalid', FETCH_MESSAGES.privateAddress);
  const client = u.protocol === 'https:' ? https : http;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), o.timeoutMs);
  try {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = client.get(u, { lookup: guardedLookup(o.allowPrivate), signal: controller.signal, headers: { accept: 'application/pdf, image/jpeg, image/png' } }, resolve);
      req.on('error', reject);
    });
    if (res.statusCode !== 200) {
      res.resume();
      return refuse('invalid', FETCH_MESSAGES.status(res.statusCode ?? 0));
    }
    // The store counts the bytes as they come and cuts the download past its limit; the timer still runs.
    controller.signal.addEventListener('abort', () => res.destroy(new Error('timeout')), { once: true });
    return await store.put(res);
  } catch (err) {
    return refuse('invalid', err instanceof PrivateAddress || (err as { cause?: unknown }).cause instanceof PrivateAddress ? FETCH_MESSAGES.privateAddress : FETCH_MESSAGES.unreachable);
  } finally {
    clearTimeout(timer);
  }
}
