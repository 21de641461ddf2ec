/**
 * The national portal sync against a local portal peer (test/helpers/dvcqg-peer.ts): a
 * dossier walked from intake to hand-back with a supplement and an apology, a refusal on
 * another, the job run after each step and what the peer holds checked field by field.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { portalDate } from '../../src/domain/portal-payload.js';
import { vnInstant } from '../../src/domain/time.js';
import { services, type Services } from '../../src/services.js';
import type { StaffUser } from '../../src/domain/roles.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { startDvcqgPeer, type DvcqgPeer } from '../helpers/dvcqg-peer.js';
import { act, FIELD_CODE, mapPortal, receive, staffUser, WARD } from '../helpers/portal-world.js';

describe('a dossier from intake to hand-back, and a refusal, as the portal sees them', () => {
  let t: TestApp;
  let peer: DvcqgPeer;
  let svc: Services;
  let clerk: StaffUser;
  let officer: StaffUser;
  let head: StaffUser;
  let a: number;
  let codeA: string;

  before(async () => {
    peer = await startDvcqgPeer();
    t = await buildTestApp({ now: vnInstant('2026-11-25', '10:00'), env: { DVCQG_MODE: 'on', ...peer.env } });
    svc = services(t.deps);
    await mapPortal(t.db);
    clerk = await staffUser(t.db, 'clerk', 'clerk', 'Lê Thị Tiếp', 'Công chức Bộ phận Một cửa');
    officer = await staffUser(t.db, 'officer', 'officer', 'Trần Minh Khoa', 'Chuyên viên');
    head = await staffUser(t.db, 'head', 'supervisor', 'Hoàng Văn Lộc', 'Chủ tịch UBND phường');
  });
  after(async () => {
    await t.cleanup();
    await peer.close();
  });

  const run = () => svc.portalSync.run(t.clock.now());
  const dossier = (id: number) => t.db('dossiers').where({ id }).first();
  const held = () => peer.dossiers.get(codeA)!;

  test('intake: the portal gets the dossier (isUpdating False after TraCuuHoSo) and its first step', async () => {
    a = await receive(svc, clerk, 'Nguyễn Thị Thảo');
    const d = await dossier(a);
    codeA = d.code;
    assert.equal(await t.db('portal_sync').where({ dossier_id: a }).count({ n: '*' }).first().then((r) => Number(r!.n)), 1, 'one sync row, written with the intake');
    const counts = await run();
    assert.equal(counts.portal_sent, 1);
    const services_ = peer.calls.map((c) => `${c.service}:${c.answer}`);
    assert.deepEqual(services_, ['TraCuuHoSo:0', 'DongBoHoSoMC:0', 'CapNhatTienDoHoSoMC:00']);
    assert.equal(peer.calls[1]!.body.isUpdating, 'False');
    assert.equal(peer.calls[1]!.madonvi, '000.31.01.H26');
    const item = held().item;
    const procedure = await t.db('procedures').where({ code: '1.001612' }).first();
    const agency = await t.db('agencies').where({ eid: WARD }).first();
    assert.deepEqual(item, {
      MaHoSo: codeA,
      MaTTHC: '1.001612',
      TenTTHC: procedure.name,
      MaLinhVuc: FIELD_CODE,
      TenLinhVuc: procedure.field,
      KenhThucHien: 1,
      SoBienNhan: codeA,
      ChuHoSo: 'Nguyễn Thị Thảo',
      LoaiDoiTuong: 1,
      MaDoiTuong: '075190001234',
      ThongTinKhac: '',
      Email: 'thao@example.vn',
      Fax: '',
      SoDienThoai: '0987654321',
      TrichYeuHoSo: procedure.name,
      NgayTiepNhan: '20261125100000',
      NgayHenTra: '20261130100000',
      TrangThaiHoSo: 2,
      NgayTra: '',
      ThongTinTra: '',
      HinhThuc: 0,
      NgayKetThucXuLy: '',
      DonViXuLy: agency.name,
      GhiChu: '',
      TaiLieuNop: [],
      DanhSachGiayToKetQua: [],
      DanhSachLePhi: [],
      DanhSachHoSoBoSung: [],
    });
    assert.deepEqual(held().progress, [
      {
        MaHoSo: codeA,
        NguoiXuLy: 'Lê Thị Tiếp',
        ChucDanh: 'Công chức Bộ phận Một cửa',
        ThoiDiemXuLy: '20261125100000',
        PhongBanXuLy: agency.name,
        NoiDungXuLy: 'Tiếp nhận hồ sơ tại Bộ phận Một cửa',
        TrangThai: 2,
        NgayBatDau: '20261125100000',
        NgayKetThucTheoQuyDinh: '20261130100000',
      },
    ]);
    const row = await t.db('portal_sync').where({ dossier_id: a }).first();
    assert.equal(row.state, 'sent');
    assert.equal(new Date(row.sent_at).getTime(), t.clock.now().getTime());
    assert.match(row.portal_answer, /"error_code":"00"/);
    assert.equal(JSON.parse(row.payload).DongBoHoSoMC.MaHoSo, codeA);
  });

  test('the receipt print and a question are not sent; taking it is (isUpdating True, no new TraCuuHoSo)', async () => {
    t.clock.set(vnInstant('2026-11-25', '10:30'));
    assert.ok((await svc.receipts.print(clerk, a, null)).ok);
    await act(svc, t.db, officer, a, 'take');
    assert.equal(Number((await t.db('portal_sync').where({ dossier_id: a }).count({ n: '*' }).first())!.n), 2, 'the print wrote no sync row');
    const calls = peer.calls.length;
    await run();
    assert.deepEqual(peer.calls.slice(calls).map((c) => c.service), ['DongBoHoSoMC', 'CapNhatTienDoHoSoMC']);
    assert.equal(peer.calls.at(-2)!.body.isUpdating, 'True');
    assert.equal(held().item.TrangThaiHoSo, 4);
    assert.deepEqual(held().progress.at(-1), {
      MaHoSo: codeA,
      NguoiXuLy: 'Trần Minh Khoa',
      ChucDanh: 'Chuyên viên',
      ThoiDiemXuLy: '20261125103000',
      PhongBanXuLy: held().item.DonViXuLy,
      NoiDungXuLy: 'Nhận xử lý',
      TrangThai: 4,
      NgayBatDau: '20261125103000',
      NgayKetThucTheoQuyDinh: '20261130100000',
    });
  });

  test('a supplement: requested (5, the list with the appointment before), received (4, the new appointment)', async () => {
    t.clock.set(vnInstant('2026-11-25', '11:00'));
    await act(svc, t.db, officer, a, 'request_supplement', { note: 'Hợp đồng thuê địa điểm kinh doanh (bản sao)', reason: 'Thiếu giấy tờ về địa điểm' });
    await run();
    assert.equal(held().item.TrangThaiHoSo, 5);
    const pause = await t.db('dossier_pauses').where({ dossier_id: a }).first();
    assert.deepEqual(held().item.DanhSachHoSoBoSung, [
      {
        HoSoBoSungId: String(pause.id),
        NguoiYeuCauBoSung: 'Trần Minh Khoa',
        NoiDungBoSung: 'Hợp đồng thuê địa điểm kinh doanh (bản sao)',
        NgayBoSung: '20261125110000',
        NguoiTiepNhanBoSung: '',
        ThongTinTiepNhan: '',
        NgayTiepNhanBoSung: '',
        TrangThaiBoSung: 0,
        NgayHenTraTruoc: '20261130100000',
        NgayHenTraMoi: '',
      },
    ]);
    assert.equal(held().progress.at(-1)!.TrangThai, 5);

    t.clock.set(vnInstant('2026-11-26', '09:00'));
    await act(svc, t.db, clerk, a, 'receive_supplement');
    await run();
    const d = await dossier(a);
    const newDue = portalDate(new Date(d.due_at));
    assert.notEqual(newDue, '20261130100000', 'the appointment moved');
    assert.equal(held().item.TrangThaiHoSo, 4);
    assert.equal(held().item.NgayHenTra, newDue);
    const s = held().item.DanhSachHoSoBoSung[0];
    assert.deepEqual([s.TrangThaiBoSung, s.NgayTiepNhanBoSung, s.NguoiTiepNhanBoSung, s.NgayHenTraTruoc, s.NgayHenTraMoi], [1, '20261126090000', 'Lê Thị Tiếp', '20261130100000', newDue]);
    assert.deepEqual(held().progress.at(-1)!.NoiDungXuLy, 'Đã nhận hồ sơ bổ sung');
    assert.equal(held().progress.at(-1)!.NgayKetThucTheoQuyDinh, newDue);
  });

  test('an apology re-sets the appointment: the portal gets the new one', async () => {
    const newDueAt = vnInstant('2026-12-08', '16:00');
    const r = await svc.apology.issue(head, a, { ok: true, value: { reason: 'Chờ ý kiến của Chi cục Thuế', newDueAt }, values: {} }, null);
    assert.ok(r.ok, JSON.stringify(r));
    await run();
    assert.equal(held().item.NgayHenTra, '20261208160000');
    assert.deepEqual([held().progress.at(-1)!.NoiDungXuLy, held().progress.at(-1)!.NguoiXuLy, held().progress.at(-1)!.TrangThai], ['Phiếu xin lỗi và hẹn lại ngày trả kết quả', 'Hoàng Văn Lộc', 4]);
  });

  test('the result (9) and the hand-back (10): dates set, the receiver\'s name and ID never sent', async () => {
    t.clock.set(vnInstant('2026-11-27', '15:00'));
    await act(svc, t.db, officer, a, 'mark_result_ready');
    await run();
    assert.equal(held().item.TrangThaiHoSo, 9);
    assert.equal(held().item.NgayKetThucXuLy, '20261127150000');
    t.clock.set(vnInstant('2026-11-30', '08:30'));
    await act(svc, t.db, clerk, a, 'return_result', { note: 'Nguyễn Văn Nhận, CCCD 075199009999' });
    await run();
    assert.equal(held().item.TrangThaiHoSo, 10);
    assert.equal(held().item.NgayTra, '20261130083000');
    assert.equal(held().item.ThongTinTra, '');
    assert.doesNotMatch(JSON.stringify(peer.calls.map((c) => c.body)), /075199009999|Nguyễn Văn Nhận/);
    assert.doesNotMatch(JSON.stringify(peer.calls.map((c) => c.body)), /Chi cục Thuế/, 'free-text notes of steps are not sent');
    assert.deepEqual(
      held().progress.map((p) => `${p.TrangThai} ${p.NoiDungXuLy}`),
      ['2 Tiếp nhận hồ sơ tại Bộ phận Một cửa', '4 Nhận xử lý', '5 Yêu cầu bổ sung hồ sơ', '4 Đã nhận hồ sơ bổ sung', '4 Phiếu xin lỗi và hẹn lại ngày trả kết quả', '9 Đã có kết quả', '10 Trả kết quả'],
    );
    assert.deepEqual(held().history.map((i) => i.TrangThaiHoSo), [2, 4, 5, 4, 4, 9, 10], 'never an older state after a newer one');
  });

  test('a refusal on another dossier: status 3 (the status map), the reason in GhiChu; both dossiers batched when their isUpdating agrees', async () => {
    t.clock.set(vnInstant('2026-11-30', '09:00'));
    const b = await receive(svc, clerk, 'Phạm Văn Bình', { idNumber: '075190005678' });
    const c = await receive(svc, clerk, 'Đỗ Thị Cúc', { idNumber: '075190005679' });
    const before = peer.calls.length;
    await run();
    const sync = peer.calls.slice(before).filter((x) => x.service === 'DongBoHoSoMC');
    assert.equal(sync.length, 1, 'two new dossiers of one unit in one DongBoHoSoMC');
    assert.equal(sync[0]!.body.data.length, 2);
    await act(svc, t.db, officer, b, 'take');
    await act(svc, t.db, officer, b, 'refuse', { note: 'Ngành nghề kinh doanh không được phép đăng ký' });
    await run();
    const codeB = (await dossier(b)).code;
    const pb = peer.dossiers.get(codeB)!;
    assert.equal(pb.item.TrangThaiHoSo, 3);
    assert.equal(pb.item.GhiChu, 'Ngành nghề kinh doanh không được phép đăng ký');
    assert.equal(pb.item.NgayKetThucXuLy, '20261130090000');
    assert.deepEqual(pb.progress.map((p) => p.TrangThai), [2, 4, 3]);
    assert.equal(peer.dossiers.get((await dossier(c)).code)!.progress.length, 1);
    assert.equal(Number((await t.db('portal_sync').whereNot({ state: 'sent' }).count({ n: '*' }).first())!.n), 0);
  });
});
