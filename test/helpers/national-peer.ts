/**
 * A local National Database of Administrative Procedures honouring the contract motcua uses
 * (docs/integrations.md "National procedure database"): every call a POST of JSON
 * `{ service, maTTHC? }` with `Authorization: Bearer <token>`; `LayThuTuc` answers
 * `{ error_code: "0", data: <record> }` or error "404"; `LayDanhSachTTHC` answers the list as
 * summaries (MATTHC, TENTTHC only), which the client completes with `LayThuTuc`. It records
 * every call and can be told to fail the next call (HTTP 500, or a body that is not JSON).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { json, readBody } from './stubs.js';

export const NATIONAL_TOKEN = 'token-csdl-quoc-gia';

export interface NationalPeer {
  url: string;
  env: Record<string, string>;
  calls: Array<{ service: string; maTTHC?: string; authorized: boolean }>;
  /** The records it publishes, by code (tests change them). */
  records: Map<string, Record<string, unknown>>;
  failNext(kind: 'http500' | 'not_json'): void;
  close(): Promise<void>;
}

export async function startNationalPeer(records: Array<Record<string, unknown>>): Promise<NationalPeer> {
  const failures: Array<'http500' | 'not_json'> = [];
  const peer = { calls: [] as NationalPeer['calls'], records: new Map(records.map((r) => [String(r.MATTHC), r])) };
  const server = http.createServer(async (req, res) => {
    const raw = await readBody(req);
    let body: { service?: string; maTTHC?: string } = {};
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return json(res, 400, { error_code: '400', message: 'Yêu cầu không phải JSON' });
    }
    const authorized = req.headers.authorization === `Bearer ${NATIONAL_TOKEN}`;
    peer.calls.push({ service: String(body.service), ...(body.maTTHC ? { maTTHC: body.maTTHC } : {}), authorized });
    const failure = failures.shift();
    if (failure === 'http500') return json(res, 500, { error_code: '500', message: 'Lỗi máy chủ' });
    if (failure === 'not_json') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      return res.end('<html>Bảo trì</html>');
    }
    if (req.method !== 'POST' || !authorized) return json(res, 401, { error_code: '401', message: 'Chưa xác thực' });
    if (body.service === 'LayDanhSachTTHC') return json(res, 200, { error_code: '0', data: [...peer.records.values()].map((r) => ({ MATTHC: r.MATTHC, TENTTHC: r.TENTTHC })) });
    if (body.service === 'LayThuTuc') {
      const r = peer.records.get(String(body.maTTHC));
      return r ? json(res, 200, { error_code: '0', data: r }) : json(res, 200, { error_code: '404', message: 'Không tìm thấy thủ tục' });
    }
    return json(res, 200, { error_code: '99', message: 'Dịch vụ không tồn tại' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/csdl-tthc`;
  return {
    url,
    env: { CATALOGUE_NATIONAL_URL: url, CATALOGUE_NATIONAL_TOKEN: NATIONAL_TOKEN, CATALOGUE_NATIONAL_TIMEOUT_SECONDS: '5' },
    calls: peer.calls,
    records: peer.records,
    failNext: (kind) => failures.push(kind),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
