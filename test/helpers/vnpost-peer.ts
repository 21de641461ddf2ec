/**
 * A local stand-in for VNPost's order API as motcua calls it (src/features/post/vnpost.client.ts):
 * a token for the right customer credentials, orders that need the token, tracking and cancel.
 * It records every call; `deliver(orderNumber)` makes the next tracking answer "delivered".
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const PEER_CUSTOMER = { code: 'KH-DONGNAI-01', key: 'khoa-khach-hang', secret: 'bi-mat-vnpost' };

export interface VnpostCall {
  path: string;
  token: string | null;
  body: Record<string, unknown>;
}

export interface VnpostPeer {
  url: string;
  calls: VnpostCall[];
  deliver(orderNumber: string): void;
  env(): Record<string, string>;
  close(): Promise<void>;
}

export async function startVnpostPeer(): Promise<VnpostPeer> {
  const calls: VnpostCall[] = [];
  const delivered = new Set<string>();
  const orders = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const token = (req.headers.token as string | undefined) ?? null;
      calls.push({ path: req.url ?? '', token, body });
      const send = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (req.url === '/token') {
        if (body.customerCode !== PEER_CUSTOMER.code || body.customerKey !== PEER_CUSTOMER.key || body.secretKey !== PEER_CUSTOMER.secret) return send(401, { message: 'sai thông tin khách hàng' });
        return send(200, { token: 'tk-vnpost-1' });
      }
      if (token !== 'tk-vnpost-1') return send(401, { message: 'token không hợp lệ' });
      const orderNumber = String(body.orderNumber ?? '');
      if (req.url === '/order') {
        if (!orderNumber || !body.receiverName || !body.receiverAddress) return send(400, { message: 'thiếu thông tin' });
        const itemCode = `EL${String(orders.size + 1).padStart(9, '0')}VN`;
        orders.set(orderNumber, itemCode);
        return send(200, { itemCode });
      }
      if (req.url === '/tracking') {
        if (!orders.has(orderNumber)) return send(404, { message: 'không có đơn' });
        return delivered.has(orderNumber) ? send(200, { status: 'Phát thành công', deliveredAt: '2026-12-01T03:00:00Z' }) : send(200, { status: 'Đang vận chuyển' });
      }
      if (req.url === '/cancel') {
        orders.delete(orderNumber);
        return send(200, {});
      }
      send(404, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    deliver: (n) => delivered.add(n),
    env: () => ({
      VNPOST_ENABLED: 'true',
      VNPOST_TOKEN_URL: `${url}/token`,
      VNPOST_ORDER_URL: `${url}/order`,
      VNPOST_CANCEL_URL: `${url}/cancel`,
      VNPOST_TRACKING_URL: `${url}/tracking`,
      VNPOST_CUSTOMER_CODE: PEER_CUSTOMER.code,
      VNPOST_CUSTOMER_KEY: PEER_CUSTOMER.key,
      VNPOST_SECRET_KEY: PEER_CUSTOMER.secret,
      VNPOST_SENDER_PROVINCE: '81',
    }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
