/**
 * The VNPost order API as OpenCPS calls it (VNPostInputModel, VNPostServerConfigModel):
 * a token from customerCode/customerKey/secretKey, then orders posted, cancelled and tracked
 * by orderNumber (the dossier code). Whether this is VNPost's current API is uncertain
 * (docs/domain.md): every URL and credential is a setting, and the reply shapes are read
 * leniently. JSON over HTTPS; a token is fetched per use (no state kept between requests).
 */
import type { VnpostConfig } from '../../config.js';

export interface VnpostOrder {
  orderNumber: string;
  codAmount: number;
  senderName: string;
  senderAddress: string;
  senderTel: string;
  senderProvince: string;
  senderDistrict: string;
  senderDesc: string;
  description: string;
  receiverName: string;
  receiverAddress: string;
  receiverTel: string;
  receiverEmail: string;
  receiverProvince: string;
  receiverDistrict: string;
}

export interface VnpostTracking {
  delivered: boolean;
  deliveredAt: Date | null;
  status: string;
}

export class VnpostError extends Error {}

type Json = Record<string, unknown>;

function pickString(o: Json, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = o[k] ?? (o.data && typeof o.data === 'object' ? (o.data as Json)[k] : undefined);
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return String(v);
  }
  return null;
}

export function vnpostClient(config: VnpostConfig) {
  async function call(url: string, body: Json, token: string | null): Promise<Json> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (token) {
      headers.token = token;
      headers.authorization = `Bearer ${token}`;
    }
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(config.timeoutMs) });
    } catch (err) {
      throw new VnpostError(`VNPost không phản hồi: ${(err as Error).message}`);
    }
    const text = await res.text();
    let json: Json = {};
    try {
      json = text ? (JSON.parse(text) as Json) : {};
    } catch {
      throw new VnpostError(`VNPost trả lời không phải JSON (HTTP ${res.status})`);
    }
    if (!res.ok) throw new VnpostError(`VNPost từ chối (HTTP ${res.status}): ${pickString(json, 'message', 'error') ?? ''}`.trim());
    return json;
  }

  async function token(): Promise<string> {
    const json = await call(config.tokenUrl, { customerCode: config.customerCode, customerKey: config.customerKey, secretKey: config.secretKey }, null);
    const t = pickString(json, 'token', 'access_token', 'accessToken');
    if (!t) throw new VnpostError('VNPost không cấp token');
    return t;
  }

  return {
    /** Posts the orders (one token for all); per order its waybill (itemCode) or the error. */
    async postOrders(orders: readonly VnpostOrder[]): Promise<Array<{ ok: true; waybill: string | null } | { ok: false; error: string }>> {
      const t = await token();
      const out: Array<{ ok: true; waybill: string | null } | { ok: false; error: string }> = [];
      for (const o of orders) {
        try {
          const json = await call(config.orderUrl, { customerCode: config.customerCode, ...o }, t);
          out.push({ ok: true, waybill: pickString(json, 'itemCode', 'ItemCode', 'waybill') });
        } catch (err) {
          out.push({ ok: false, error: (err as Error).message });
        }
      }
      return out;
    },

    async cancelOrder(orderNumber: string): Promise<void> {
      await call(config.cancelUrl, { customerCode: config.customerCode, orderNumber }, await token());
    },

    /** The orders' tracking (one token for all); a failure of one is its error. */
    async tracking(orderNumbers: readonly string[]): Promise<Array<VnpostTracking | { error: string }>> {
      const t = await token();
      const out: Array<VnpostTracking | { error: string }> = [];
      for (const orderNumber of orderNumbers) {
        try {
          const json = await call(config.trackingUrl, { customerCode: config.customerCode, orderNumber }, t);
          const status = pickString(json, 'status', 'statusName', 'Status') ?? '';
          const delivered = json.delivered === true || /delivered|phát thành công|đã phát/i.test(status);
          const at = pickString(json, 'deliveredAt', 'deliveryDate');
          const deliveredAt = delivered && at && !Number.isNaN(Date.parse(at)) ? new Date(at) : null;
          out.push({ delivered, deliveredAt, status });
        } catch (err) {
          out.push({ error: (err as Error).message });
        }
      }
      return out;
    },
  };
}

export type VnpostClient = ReturnType<typeof vnpostClient>;
