import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import { searchRepo } from '../../src/features/dossiers/search.repo.js';
import type { StaffUser } from '../../src/domain/roles.js';
import { agencyId, buildTestApp, certifiedCopyForm, createStaff, signIn, type TestApp } from '../helpers/app.js';

const PEOPLE = [
  { applicant_name: 'Nguyễn Thị Thảo', applicant_id_number: '075190001234', applicant_phone: '0987654321' },
  { applicant_name: 'Nguyễn Thị Thanh', applicant_id_number: '075190005678', applicant_phone: '0912000111' },
  { applicant_name: 'Đặng Văn Đức', applicant_id_number: '075088009999', applicant_phone: '0903222333' },
];

function codesIn(html: string): string[] {
  return [...html.matchAll(/>(000\.31\.01\.H26-\d{6}-\d{4})</g)].map((m) => m[1]!);
}

describe('dossier search', () => {
  let t: TestApp;
  let clerk: Awaited<ReturnType<typeof signIn>>;
  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-20', '09:00'), env: { SESSION_TTL_HOURS: '720' } });
    await createStaff(t.db, 'clerk', 'clerk', '000.31.01.H26');
    clerk = await signIn(t.app, 'clerk');
    // Three dossiers on Friday 20/11 and thirty on Monday 23/11, a page and a bit.
    for (const p of PEOPLE) {
      await clerk.agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...certifiedCopyForm(p), action: 'confirm', _csrf: clerk.csrf }).expect(303);
    }
    t.clock.set(vnInstant('2026-11-23', '09:00'));
    for (let i = 0; i < 30; i++) {
      await clerk.agent
        .post('/tiep-nhan/2.000815/xac-nhan')
        .type('form')
        .send({ ...certifiedCopyForm({ applicant_name: 'Trần Văn Bình' }), action: 'confirm', _csrf: clerk.csrf })
        .expect(303);
    }
  });
  after(() => t.cleanup());

  test('by name without accents, from the start of the name', async () => {
    const res = await clerk.agent.get('/ho-so').query({ q: 'nguyen thi th' }).expect(200);
    assert.match(res.text, /2 hồ sơ/);
    const exact = await clerk.agent.get('/ho-so').query({ q: 'nguyen thi thao' }).expect(200);
    assert.match(exact.text, /1 hồ sơ/);
    assert.match(exact.text, /Nguyễn Thị Thảo/);
    const d = await clerk.agent.get('/ho-so').query({ q: 'dang van duc' }).expect(200);
    assert.match(d.text, /Đặng Văn Đức/);
    const accented = await clerk.agent.get('/ho-so').query({ q: 'Nguyễn Thị Thảo' }).expect(200);
    assert.match(accented.text, /1 hồ sơ/);
  });

  test('by ID number and by phone in any common spelling', async () => {
    const byId = await clerk.agent.get('/ho-so').query({ q: '075190005678' }).expect(200);
    assert.deepEqual(byId.text.match(/Nguyễn Thị Thanh/g)?.length, 1);
    assert.match(byId.text, /1 hồ sơ/);
    for (const phone of ['0903 222 333', '+84903222333', '0903.222.333']) {
      const res = await clerk.agent.get('/ho-so').query({ q: phone }).expect(200);
      assert.match(res.text, /1 hồ sơ/, phone);
      assert.match(res.text, /Đặng Văn Đức/);
    }
  });

  test('by date range, status and overdue only, paginated 25 a page', async () => {
    const friday = await clerk.agent.get('/ho-so').query({ tu_ngay: '2026-11-20', den_ngay: '2026-11-20' }).expect(200);
    assert.match(friday.text, /3 hồ sơ/);
    const monday = await clerk.agent.get('/ho-so').query({ tu_ngay: '2026-11-23' }).expect(200);
    assert.match(monday.text, /30 hồ sơ · trang 1\/2/);
    assert.equal(codesIn(monday.text).length, 25);
    const page2 = await clerk.agent.get('/ho-so').query({ tu_ngay: '2026-11-23', trang: '2' }).expect(200);
    assert.equal(codesIn(page2.text).length, 5);
    assert.equal(new Set([...codesIn(monday.text), ...codesIn(page2.text)]).size, 30);
    // Friday's same-day dossiers were due Friday 17:00: overdue on Monday.
    const overdue = await clerk.agent.get('/ho-so').query({ qua_han: '1' }).expect(200);
    assert.match(overdue.text, /3 hồ sơ/);
    const byStatus = await clerk.agent.get('/ho-so').query({ trang_thai: 'returned' }).expect(200);
    assert.match(byStatus.text, /0 hồ sơ/);
  });

  test('bad filters get Vietnamese messages, not a 500', async () => {
    const res = await clerk.agent.get('/ho-so').query({ tu_ngay: '2026-13-45', trang_thai: 'bogus' });
    assert.equal(res.status, 400);
    assert.match(res.text, /Ngày không hợp lệ/);
    assert.match(res.text, /Trạng thái không hợp lệ/);
  });

  // Issue 11 #3: out-of-range dates threw, and a NUL byte in the search box reached
  // PostgreSQL (500). Both are a 400 with a Vietnamese message next to the field.
  test('out-of-range dates, control characters and overlong text are a 400 with a message, never a 500', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ den_ngay: '9999-12-31' }, /Ngày không hợp lệ/],
      [{ tu_ngay: '0000-01-01' }, /Ngày không hợp lệ/],
      [{ tu_ngay: '1899-12-31' }, /Ngày không hợp lệ/],
      [{ den_ngay: '2026-02-30' }, /Ngày không hợp lệ/],
      [{ tu_ngay: '2026-11-23', den_ngay: '2026-11-20' }, /Ngày kết thúc phải sau ngày bắt đầu/],
      [{ q: 'nguyen\u0000' }, /ký tự không hợp lệ/],
      [{ q: '\u0000' }, /ký tự không hợp lệ/],
      [{ thu_tuc: '2.000815\u0000' }, /ký tự không hợp lệ/],
      [{ q: 'a'.repeat(301) }, /không quá 300 ký tự/],
    ];
    for (const [query, message] of cases) {
      const res = await clerk.agent.get('/ho-so').query(query);
      assert.equal(res.status, 400, JSON.stringify(query));
      assert.match(res.text, message, JSON.stringify(query));
      assert.match(res.text, /0 hồ sơ/);
    }
    // Repeated keys and a page number out of range are read, not thrown on.
    const repeated = await clerk.agent.get('/ho-so?q=nguyen+thi+thao&q=x&trang=99999999999').expect(200);
    assert.match(repeated.text, /1 hồ sơ/);
    // Dates in the office's notation are accepted too.
    const dmy = await clerk.agent.get('/ho-so').query({ tu_ngay: '20/11/2026', den_ngay: '20/11/2026' }).expect(200);
    assert.match(dmy.text, /3 hồ sơ/);
  });

  test('the name, phone and date searches use indexes (query plan)', async () => {
    const staff: StaffUser = { id: 1, username: 'x', fullName: 'x', role: 'admin', agencyId: await agencyId(t.db, '000.31.01.H26'), agencyName: 'x' };
    const repo = searchRepo(t.db);
    const filters = [{ namePrefix: 'nguyen thi' }, { phone: '0903222333' }, { idNumber: '075190001234' }, { receivedFrom: vnInstant('2026-11-23'), receivedBefore: vnInstant('2026-11-24') }];
    for (const f of filters) {
      const { sql, bindings } = repo.toSql(staff, f);
      let plan: string;
      if (t.testDb.dialect === 'postgres') {
        // Tiny tables make a sequential scan cheapest; forbid it to see whether an index can serve.
        plan = await t.db.transaction(async (trx) => {
          await trx.raw('SET LOCAL enable_seqscan = off');
          const rows = await trx.raw(`EXPLAIN ${sql}`, bindings);
          return rows.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
        });
        assert.match(plan, /Index Scan|Index Only Scan|Bitmap Index Scan/, `${JSON.stringify(f)}\n${plan}`);
        assert.doesNotMatch(plan, /Seq Scan on dossiers/, `${JSON.stringify(f)}\n${plan}`);
      } else {
        const rows = await t.db.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings);
        plan = rows.map((r: { detail: string }) => r.detail).join('\n');
        assert.match(plan, /SEARCH d USING INDEX/, `${JSON.stringify(f)}\n${plan}`);
      }
    }
  });
});
