/**
 * A local National Public Service Portal (DVCQG) honouring the contract motcua uses
 * (domain.md "National Public Service Portal"): log-in with the `dstcode` header and
 * credentials, sessions that expire, `TraCuuHoSo`, `DongBoHoSoMC` (an upsert by MaHoSo that
 * checks isUpdating and the item's fields), `CapNhatTienDoHoSoMC` (progress rows appended),
 * error codes with messages. It records every call and what it holds, and can be told to
 * fail: a timeout (no answer), HTTP 5xx, a refused session, a permanent error (for every call
 * or one dossier), or "hang" (requests held unanswered and never applied, as when the sender
 * dies mid-call).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { json, readBody } from './stubs.js';

export const PEER_PROVINCE = 'H26';
export const PEER_USER = 'motcua-dongnai';
export const PEER_PASSWORD = 'mat-khau-cong-dvcqg';
export const AUTH_PATH = '/api/dvcqg/auth';
export const INTEGRATION_PATH = '/api/dvcqg/integration';

/** Every field of a DongBoHoSoMC item, as the contract lists it. */
export const ITEM_FIELDS = [
  'MaHoSo', 'MaTTHC', 'TenTTHC', 'MaLinhVuc', 'TenLinhVuc', 'KenhThucHien', 'SoBienNhan', 'ChuHoSo', 'LoaiDoiTuong', 'MaDoiTuong', 'ThongTinKhac', 'Email', 'Fax',
  'SoDienThoai', 'TrichYeuHoSo', 'NgayTiepNhan', 'NgayHenTra', 'TrangThaiHoSo', 'NgayTra', 'ThongTinTra', 'HinhThuc', 'NgayKetThucXuLy', 'DonViXuLy', 'GhiChu',
  'TaiLieuNop', 'DanhSachGiayToKetQua', 'DanhSachLePhi', 'DanhSachHoSoBoSung',
].sort();
export const PROGRESS_FIELDS = ['MaHoSo', 'NguoiXuLy', 'ChucDanh', 'ThoiDiemXuLy', 'PhongBanXuLy', 'NoiDungXuLy', 'TrangThai', 'NgayBatDau', 'NgayKetThucTheoQuyDinh'].sort();
const DATE = /^(\d{14})?$/;

export type PeerFailure = 'timeout' | 'http500' | 'session' | 'permanent';

export interface PeerCall {
  service: string;
  madonvi: string;
  body: Record<string, any>;
  answer: string;
}

export interface PeerDossier {
  madonvi: string;
  item: Record<string, any>;
  /** Every item received for it, in order (the state after each DongBoHoSoMC). */
  history: Array<Record<string, any>>;
  progress: Array<Record<string, any>>;
}

export interface DvcqgPeer {
  url: string;
  env: Record<string, string>;
  calls: PeerCall[];
  logins: number;
  dossiers: Map<string, PeerDossier>;
  /** The next `n` calls (log-in excluded) fail this way. */
  failNext(kind: PeerFailure, n?: number): void;
  /** Forget the failures still scripted. */
  clearFailures(): void;
  /** Every DongBoHoSoMC carrying this MaHoSo is refused with `message` (until cleared with null). */
  refuseDossier(code: string, message: string | null): void;
  /** Sessions issued so far become invalid. */
  expireSessions(): void;
  /** Hold every request unanswered (not applied) until release(). */
  hang(): void;
  /** Drop the held requests (never applied) and answer normally again. */
  release(): void;
  hanging(): number;
  close(): Promise<void>;
}

export async function startDvcqgPeer(opts: { sessionTtlMs?: number } = {}): Promise<DvcqgPeer> {
  const sessions = new Map<string, number>();
  let sessionNo = 0;
  const failures: PeerFailure[] = [];
  const refused = new Map<string, string>();
  let hangAll = false;
  const held = new Set<http.ServerResponse>();
  const peer = { calls: [] as PeerCall[], logins: 0, dossiers: new Map<string, PeerDossier>() };

  const answer = (res: http.ServerResponse, call: PeerCall | null, body: Record<string, unknown>, status = 200) => {
    if (call) {
      call.answer = String(body.error_code);
      peer.calls.push(call);
    }
    json(res, status, body);
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      if (hangAll) {
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      let body: Record<string, any>;
      try {
        body = JSON.parse(raw);
      } catch {
        return json(res, 400, { error_code: '400', message: 'Dữ liệu không đúng định dạng JSON' });
      }
      if (req.method !== 'POST') return json(res, 405, { error_code: '405', message: 'POST' });
      if (req.headers.dstcode !== PEER_PROVINCE) return json(res, 200, { error_code: '-2', message: 'Mã tỉnh (dstcode) không hợp lệ' });
      if (req.url === AUTH_PATH) {
        if (body.username !== PEER_USER || body.password !== PEER_PASSWORD) return json(res, 200, { error_code: '-3', message: 'Sai tên đăng nhập hoặc mật khẩu' });
        peer.logins++;
        const session = `session-${++sessionNo}`;
        sessions.set(session, Date.now() + (opts.sessionTtlMs ?? 3600_000));
        return json(res, 200, { error_code: '0', session });
      }
      if (req.url !== INTEGRATION_PATH) return json(res, 404, { error_code: '404', message: 'Không có dịch vụ' });
      const call: PeerCall = { service: String(body.service), madonvi: String(body.madonvi ?? ''), body, answer: '' };
      const failure = failures.shift();
      if (failure === 'timeout') {
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      if (failure === 'http500') return json(res, 503, { error_code: '503', message: 'Hệ thống đang bảo trì' });
      const expiry = sessions.get(String(body.session));
      if (failure === 'session' || !expiry || expiry < Date.now()) return answer(res, call, { error_code: '-1', message: 'Session không hợp lệ hoặc đã hết hạn' });
      if (failure === 'permanent') return answer(res, call, { error_code: '99', message: 'Dữ liệu không hợp lệ theo quy định của Cổng' });
      if (!call.madonvi) return answer(res, call, { error_code: '10', message: 'Thiếu mã đơn vị (madonvi)' });
      if (call.service === 'TraCuuHoSo') {
        const d = peer.dossiers.get(String(body.mahoso));
        return answer(res, call, { error_code: '0', message: 'Thành công', data: d ? [d.item] : [] });
      }
      if (call.service === 'DongBoHoSoMC') {
        const items: Array<Record<string, any>> = Array.isArray(body.data) ? body.data : [];
        if (items.length === 0 || !['True', 'False'].includes(body.isUpdating)) return answer(res, call, { error_code: '11', message: 'Thiếu data hoặc isUpdating' });
        for (const item of items) {
          const keys = Object.keys(item).sort();
          if (JSON.stringify(keys) !== JSON.stringify(ITEM_FIELDS)) return answer(res, call, { error_code: '12', message: `Trường không đúng hợp đồng: ${keys.join(',')}` });
          for (const k of ['NgayTiepNhan', 'NgayHenTra', 'NgayTra', 'NgayKetThucXuLy']) if (!DATE.test(item[k])) return answer(res, call, { error_code: '13', message: `Ngày sai định dạng: ${k}` });
          const why = refused.get(item.MaHoSo);
          if (why) return answer(res, call, { error_code: '20', message: why });
          const exists = peer.dossiers.has(item.MaHoSo);
          if (exists && body.isUpdating === 'False') return answer(res, call, { error_code: '21', message: `Hồ sơ ${item.MaHoSo} đã tồn tại` });
          if (!exists && body.isUpdating === 'True') return answer(res, call, { error_code: '22', message: `Hồ sơ ${item.MaHoSo} chưa có trên Cổng` });
        }
        for (const item of items) {
          const d = peer.dossiers.get(item.MaHoSo) ?? { madonvi: call.madonvi, item, history: [], progress: [] };
          d.item = item;
          d.madonvi = call.madonvi;
          d.history.push(item);
          peer.dossiers.set(item.MaHoSo, d);
        }
        return answer(res, call, { error_code: '0', message: 'Đồng bộ thành công' });
      }
      if (call.service === 'CapNhatTienDoHoSoMC') {
        const rows: Array<Record<string, any>> = Array.isArray(body.data) ? body.data : [];
        for (const row of rows) {
          if (JSON.stringify(Object.keys(row).sort()) !== JSON.stringify(PROGRESS_FIELDS)) return answer(res, call, { error_code: '12', message: 'Trường tiến độ không đúng hợp đồng' });
          if (!peer.dossiers.has(row.MaHoSo)) return answer(res, call, { error_code: '22', message: `Hồ sơ ${row.MaHoSo} chưa có trên Cổng` });
        }
        for (const row of rows) peer.dossiers.get(row.MaHoSo)!.progress.push(row);
        return answer(res, call, { error_code: '00', message: 'Cập nhật tiến độ thành công' });
      }
      return answer(res, call, { error_code: '404', message: `Không có dịch vụ ${call.service}` });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dropHeld = () => {
    for (const res of held) res.destroy();
    held.clear();
  };
  return {
    url,
    env: {
      DVCQG_URL: url,
      DVCQG_AUTH_PATH: AUTH_PATH,
      DVCQG_INTEGRATION_PATH: INTEGRATION_PATH,
      DVCQG_PROVINCE_CODE: PEER_PROVINCE,
      DVCQG_USERNAME: PEER_USER,
      DVCQG_PASSWORD: PEER_PASSWORD,
    },
    get calls() {
      return peer.calls;
    },
    get logins() {
      return peer.logins;
    },
    dossiers: peer.dossiers,
    failNext(kind, n = 1) {
      for (let i = 0; i < n; i++) failures.push(kind);
    },
    clearFailures() {
      failures.length = 0;
    },
    refuseDossier(code, message) {
      if (message === null) refused.delete(code);
      else refused.set(code, message);
    },
    expireSessions() {
      for (const k of sessions.keys()) sessions.set(k, 0);
    },
    hang() {
      hangAll = true;
    },
    release() {
      hangAll = false;
      dropHeld();
    },
    hanging: () => held.size,
    async close() {
      dropHeld();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
