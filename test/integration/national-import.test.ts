/**
 * The catalogue from the national database's data: the plan (new, changed field by field,
 * unchanged, withdrawn), a bad file refused naming record and field with nothing written, a
 * stale confirmation refused, versions applied today or at their effective date by the
 * catalogue job, and intake stamping each dossier with the version in force.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import type { StaffUser } from '../../src/domain/roles.js';
import { services, type Services } from '../../src/services.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { receive, staffUser } from '../helpers/portal-world.js';

const NOW = vnInstant('2026-12-07', '09:00');

/** 1.001612 as the national database publishes it (the shipped procedure, with more detail). */
function hkd(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    MATTHC: '1.001612',
    TENTTHC: 'Đăng ký thành lập hộ kinh doanh',
    CAPTHUCHIEN: 'Cấp Xã',
    LINHVUCTHUCHIEN: [{ MALINHVUC: 'G09-HKD', TENLINHVUC: 'Thành lập và hoạt động của hộ kinh doanh' }],
    TRINHTUTHUCHIEN: [{ TRUONGHOP: '', TRINHTU: [{ TENTRINHTU: 'Nộp hồ sơ tại Bộ phận Một cửa cấp xã' }, { TENTRINHTU: 'Nhận Giấy chứng nhận đăng ký hộ kinh doanh' }] }],
    CACHTHUCTHUCHIEN: [
      { KENH: '1', THOIGIAN: [{ THOIGIANGIAIQUYET: '3', DONVITINH: 'Ngày làm việc', MOTA: '', PHILEPHI: [{ MAPHILEPHI: 'LePhi', SOTIEN: '100000', DONVI: 'Đồng', MOTA: 'Theo Nghị quyết của HĐND tỉnh' }] }] },
      { KENH: '2', THOIGIAN: [{ THOIGIANGIAIQUYET: '3', DONVITINH: 'Ngày làm việc', MOTA: '', PHILEPHI: [] }] },
    ],
    KETQUATHUCHIEN: [{ TENKETQUA: 'Giấy chứng nhận đăng ký hộ kinh doanh' }],
    THANHPHANHOSO: [{ TRUONGHOP: '', GIAYTO: [{ TENGIAYTO: 'Giấy đề nghị đăng ký hộ kinh doanh', SOBANCHINH: '1', SOBANSAO: '0' }] }],
    _source: [{ url: 'https://example.gov.vn/thu-tuc/1.001612', title: 'Thử nghiệm', publisher: 'Thử nghiệm', accessed: '2026-12-06' }],
    ...over,
  };
}

const newOne = (over: Record<string, unknown> = {}) => hkd({ MATTHC: '9.999001', TENTTHC: 'Thủ tục mới thử nghiệm', ...over });

/** The procedure of these tests: created by an administrator (its columns only), received by the ward; its national record is hkd() under this code. */
const CODE = '9.990001';
const mine = (over: Record<string, unknown> = {}) => hkd({ MATTHC: CODE, ...over });

describe('importing the national catalogue', () => {
  let t: TestApp;
  let svc: Services;
  let admin: StaffUser;
  let clerk: StaffUser;
  const procedure = async (code: string) => t.db('procedures').where({ code }).first();
  // The reference seed ships versions of its national records: what an import writes is counted from there.
  let shipped = 0;
  const versionsCount = async () => Number((await t.db('procedure_versions').count({ n: '*' }).first())!.n) - shipped;

  before(async () => {
    t = await buildTestApp({ now: NOW });
    svc = services(t.deps);
    admin = await staffUser(t.db, 'quantri', 'admin', 'Lê Quản Trị');
    clerk = await staffUser(t.db, 'motcua', 'clerk', 'Nguyễn Thị Thu');
    const saved = await svc.admin.procedures.save(admin, null, {
      code: CODE,
      name: 'Đăng ký thành lập hộ kinh doanh',
      field: 'Thành lập và hoạt động của hộ kinh doanh',
      processingUnit: 'working_days',
      processingAmount: 3,
      processingNote: '',
      feeVnd: 100_000,
      feeNote: 'Theo Nghị quyết của HĐND tỉnh',
      result: 'Giấy chứng nhận đăng ký hộ kinh doanh',
      apologyExtensionDays: 5,
      leadAgencyId: null,
      resultAtCounter: false,
      supplementClock: 'restart',
      nextDayAfterCutoff: false,
      active: true,
      agencyIds: [clerk.agencyId],
      documents: [{ name: 'Giấy đề nghị đăng ký hộ kinh doanh', originals: 1, certifiedCopies: 0, copies: 0, required: true }],
      steps: [],
      portalProcedureCode: null,
      portalFieldCode: null,
      portalFieldName: null,
      onlineLevel: 'none',
      byPost: true,
      inPerson: false,
    });
    assert.ok(saved.ok, JSON.stringify(saved));
    shipped = await versionsCount();
  });
  after(() => t.cleanup());

  test('a bad file: every problem names its record and field; nothing is written', async () => {
    const r = await svc.catalogueImport.preview({ json: [hkd(), newOne({ CACHTHUCTHUCHIEN: [{ KENH: 'x' }] })], complete: false, source: 'tep.json' });
    assert.ok(!r.ok && r.reason === 'invalid');
    assert.deepEqual(r.problems, ['Bản ghi số 2 (9.999001), trường CACHTHUCTHUCHIEN[0].KENH: "x" không phải là kênh hợp lệ (1 trực tiếp, 2 trực tuyến, 3 bưu chính)']);
    const applied = await svc.catalogueImport.apply(admin, { json: [newOne({ TENTTHC: '' })], complete: false, source: 'tep.json', effectiveFrom: '2026-12-07', key: 'x' });
    assert.ok(!applied.ok && applied.reason === 'invalid');
    assert.equal(await versionsCount(), 0);
    assert.equal(await procedure('9.999001'), undefined);
  });

  test('the first national import of a procedure an administrator created: changed against its columns; applied today it sets them and intake stamps the version', async () => {
    const before = await procedure(CODE);
    const plan = await svc.catalogueImport.preview({ json: [mine()], complete: false, source: 'hkd.json' });
    assert.ok(plan.ok);
    assert.equal(plan.value.rows[0]!.action, 'changed');
    // The columns know neither steps nor the online channel: those are what the data adds.
    const keys = plan.value.rows[0]!.changes.map((c) => c.key);
    assert.ok(keys.includes('steps') && keys.includes('time.online') && keys.includes('sources'), keys.join());
    assert.ok(!keys.includes('time.counter'), 'the counter time is the same 3 working days');

    const stale = await svc.catalogueImport.apply(admin, { json: [mine()], complete: false, source: 'hkd.json', effectiveFrom: '2026-12-07', key: 'not-the-plan' });
    assert.ok(!stale.ok && stale.reason === 'conflict');
    assert.equal(await versionsCount(), 0);

    const done = await svc.catalogueImport.apply(admin, { json: [mine()], complete: false, source: 'hkd.json', effectiveFrom: '2026-12-07', key: plan.value.key });
    assert.ok(done.ok);
    assert.deepEqual([done.value.versions, done.value.appliedNow], [1, 1]);
    const after = await procedure(CODE);
    assert.deepEqual([after.online_level, after.processing_unit, after.processing_amount, after.fee_vnd, after.id], ['partial', 'working_days', 3, 100_000, before.id]);
    const [version] = await svc.catalogueImport.versionsOf(before.id);
    assert.equal(version!.version, 2, 'the administrator’s creation is version 1');
    assert.ok(version!.appliedAt);

    const dossierId = await receive(svc, clerk, 'Trần Văn Bình', { procedure: CODE });
    assert.equal((await t.db('dossiers').where({ id: dossierId }).first()).procedure_version_id, version!.id);
    // Imported again unchanged: nothing to do.
    const again = await svc.catalogueImport.preview({ json: [mine()], complete: false, source: 'hkd.json' });
    assert.ok(again.ok);
    assert.deepEqual(again.value.counts, { new: 0, changed: 0, unchanged: 1, withdrawn: 0 });
  });

  test('a changed version lists exactly the changed fields; effective later, it waits for its date, and the dossiers keep theirs', async () => {
    const changed = mine();
    (changed.CACHTHUCTHUCHIEN as Array<{ THOIGIAN: Array<{ THOIGIANGIAIQUYET: string }> }>)[0]!.THOIGIAN[0]!.THOIGIANGIAIQUYET = '5';
    (changed.THANHPHANHOSO as Array<{ GIAYTO: unknown[] }>)[0]!.GIAYTO.push({ TENGIAYTO: 'Bản sao hợp đồng thuê địa điểm', SOBANCHINH: '0', SOBANSAO: '1' });
    const plan = await svc.catalogueImport.preview({ json: [changed], complete: false, source: 'hkd-2.json' });
    assert.ok(plan.ok);
    assert.deepEqual(plan.value.rows.map((r) => [r.action, r.changes.map((c) => c.key)]), [['changed', ['time.counter', 'documents']]]);
    assert.deepEqual(plan.value.rows[0]!.changes[0], { key: 'time.counter', label: 'Thời hạn giải quyết (trực tiếp)', from: '3 ngày làm việc', to: '5 ngày làm việc' });

    const first = await t.db('dossiers').orderBy('id', 'desc').first('id', 'procedure_version_id');
    const done = await svc.catalogueImport.apply(admin, { json: [changed], complete: false, source: 'hkd-2.json', effectiveFrom: '2026-12-10', key: plan.value.key });
    assert.ok(done.ok);
    assert.equal(done.value.appliedNow, 0);
    assert.equal((await procedure(CODE)).processing_amount, 3, 'not before its date');
    assert.deepEqual(await svc.catalogueImport.applyDue(t.clock.now()), { versions_applied: 0 });

    t.clock.set(vnInstant('2026-12-10', '00:05'));
    const run = await svc.jobs.run('catalogue');
    assert.ok(run.ran && 'counts' in run, JSON.stringify(run));
    assert.deepEqual(run.counts, { versions_applied: 1 });
    const p = await procedure(CODE);
    assert.equal(p.processing_amount, 5);
    assert.deepEqual((await t.db('procedure_documents').where({ procedure_id: p.id }).orderBy('position')).map((d) => d.name), ['Giấy đề nghị đăng ký hộ kinh doanh', 'Bản sao hợp đồng thuê địa điểm']);
    assert.equal((await t.db('dossiers').where({ id: first.id }).first()).procedure_version_id, first.procedure_version_id, 'an earlier dossier keeps its version');
    const later = await receive(svc, clerk, 'Lê Thị Cúc', { procedure: CODE });
    const [v2] = await svc.catalogueImport.versionsOf(p.id);
    assert.equal((await t.db('dossiers').where({ id: later }).first()).procedure_version_id, v2!.id);
    assert.equal(v2!.version, 3);
    t.clock.set(NOW);
  });

  test('a new procedure without a counter time is stored not received; a whole list withdraws what it does not hold', async () => {
    const noTime = newOne({ CACHTHUCTHUCHIEN: [{ KENH: '1', THOIGIAN: [{ THOIGIANGIAIQUYET: '', DONVITINH: 'Ngày làm việc', MOTA: 'Không quy định' }] }] });
    const plan = await svc.catalogueImport.preview({ json: [hkd(), noTime], complete: true, source: 'ds.json' });
    assert.ok(plan.ok);
    const byCode = new Map(plan.value.rows.map((r) => [r.code, r]));
    assert.equal(byCode.get('9.999001')!.action, 'new');
    assert.match(byCode.get('9.999001')!.warnings[0]!, /ngừng tiếp nhận cho đến khi quản trị viên nhập thời hạn/);
    assert.equal(byCode.get('1.001193')!.action, 'withdrawn');
    const withdrawn = plan.value.counts.withdrawn;
    assert.ok(withdrawn >= 20, `every other shipped procedure is withdrawn (${withdrawn})`);
    const done = await svc.catalogueImport.apply(admin, { json: [hkd(), noTime], complete: true, source: 'ds.json', effectiveFrom: '2026-12-07', key: plan.value.key });
    assert.ok(done.ok);
    assert.equal(Boolean((await procedure('9.999001')).active), false);
    assert.equal(Boolean((await procedure('1.001193')).active), false);
    assert.equal(Boolean((await procedure('1.001612')).active), true);
    // Brought back by a later file: received again, with its stored time.
    const back = await svc.catalogueImport.preview({ json: [hkd({ MATTHC: '1.001193', TENTTHC: 'Đăng ký khai sinh' })], complete: false, source: 'ks.json' });
    assert.ok(back.ok);
    const applied = await svc.catalogueImport.apply(admin, { json: [hkd({ MATTHC: '1.001193', TENTTHC: 'Đăng ký khai sinh' })], complete: false, source: 'ks.json', effectiveFrom: '2026-12-07', key: back.value.key });
    assert.ok(applied.ok);
    assert.equal(Boolean((await procedure('1.001193')).active), true);
  });
});
