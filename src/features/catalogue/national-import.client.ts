/**
 * The National Database of Administrative Procedures, as motcua asks it for data
 * (docs/integrations.md "National procedure database"): `POST {CATALOGUE_NATIONAL_URL}` with
 * the JSON body `{ "service": "LayThuTuc", "maTTHC": "1.004222" }` (one procedure) or
 * `{ "service": "LayDanhSachTTHC" }` (the list), and `Authorization: Bearer <token>` when one
 * is configured. The answer is the record, a list, or an envelope (`{ data: [...] }`,
 * `{ result: [...] }`); `error_code` other than "0"/"00" is an error with its `message`. A list
 * whose items carry only their code and name is completed with one `LayThuTuc` per item.
 * Failures come back as Vietnamese messages; nothing here logs.
 */
import type { Config } from '../../config.js';

export type NationalConnection = NonNullable<Config['catalogue']['national']>;
export type FetchLike = typeof fetch;

export class NationalDataError extends Error {}

/** The most records a list may bring (a province publishes about 2,000). */
const MAX_RECORDS = 5000;
/** LayThuTuc calls at once when a list gives summaries only. */
const PARALLEL = 4;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The records of an answer (the envelopes readNationalFile knows), or null. */
function recordsOf(answer: unknown): unknown[] | null {
  if (Array.isArray(answer)) return answer;
  if (isObj(answer) && Array.isArray(answer.data)) return answer.data;
  if (isObj(answer) && Array.isArray(answer.result)) return answer.result;
  if (isObj(answer) && 'MATTHC' in answer) return [answer];
  if (isObj(answer) && isObj(answer.data) && 'MATTHC' in answer.data) return [answer.data];
  return null;
}

/** A list item that names a procedure without its detail. */
const summaryOnly = (r: unknown) => isObj(r) && !('CACHTHUCTHUCHIEN' in r) && !('THANHPHANHOSO' in r) && typeof r.MATTHC !== 'undefined';

export function nationalClient(conn: NationalConnection, fetchImpl: FetchLike = fetch) {
  async function call(body: Obj): Promise<unknown> {
    let res: Response;
    try {
      res = await fetchImpl(conn.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(conn.token ? { authorization: `Bearer ${conn.token}` } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(conn.timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
      throw new NationalDataError(timedOut ? `Cơ sở dữ liệu quốc gia không trả lời trong ${Math.round(conn.timeoutMs / 1000)} giây.` : 'Không kết nối được Cơ sở dữ liệu quốc gia về thủ tục hành chính.');
    }
    const text = await res.text();
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      throw new NationalDataError(`Cơ sở dữ liệu quốc gia trả lời không phải JSON (HTTP ${res.status}).`);
    }
    const code = isObj(answer) && 'error_code' in answer ? String(answer.error_code) : null;
    if (!res.ok || (code !== null && code !== '0' && code !== '00')) {
      const message = isObj(answer) && typeof answer.message === 'string' ? `: ${answer.message.slice(0, 300)}` : '';
      throw new NationalDataError(`Cơ sở dữ liệu quốc gia từ chối yêu cầu ${String(body.service)} (HTTP ${res.status}${code !== null ? `, mã ${code}` : ''})${message}.`);
    }
    return answer;
  }

  return {
    /** `LayThuTuc {maTTHC}`: the record as the service gives it. */
    async procedure(code: string): Promise<unknown[]> {
      const records = recordsOf(await call({ service: 'LayThuTuc', maTTHC: code }));
      if (!records || records.length === 0) throw new NationalDataError(`Cơ sở dữ liệu quốc gia không có thủ tục mã ${code}.`);
      return records;
    },

    /** `LayDanhSachTTHC`: every record, each summary completed with its `LayThuTuc`. */
    async list(): Promise<unknown[]> {
      const records = recordsOf(await call({ service: 'LayDanhSachTTHC' }));
      if (!records) throw new NationalDataError('Câu trả lời của LayDanhSachTTHC không có danh sách thủ tục.');
      if (records.length > MAX_RECORDS) throw new NationalDataError(`Danh sách có ${records.length} thủ tục, quá ${MAX_RECORDS}.`);
      const out = [...records];
      const todo = out.map((r, i) => (summaryOnly(r) ? i : -1)).filter((i) => i >= 0);
      for (let k = 0; k < todo.length; k += PARALLEL) {
        await Promise.all(
          todo.slice(k, k + PARALLEL).map(async (i) => {
            const [full] = await this.procedure(String((out[i] as Obj).MATTHC).trim());
            out[i] = full;
          }),
        );
      }
      return out;
    },
  };
}

export type NationalClient = ReturnType<typeof nationalClient>;
