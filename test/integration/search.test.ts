import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import { searchRepo, type SearchFilters } from '../../src/features/dossiers/search.repo.js';
import { dossierSearchWords, queryWords } from '../../src/domain/search-words.js';
import { indexDossierWords } from '../../src/features/dossiers/search-words.repo.js';
import type { StaffUser } from '../../src/domain/roles.js';
import { agencyId, buildTestApp, certifiedCopyForm, createStaff, signIn, type TestApp } from '../helpers/app.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import * as searchWordsMigration from '../../migrations/20261202000300_search_words.js';

const PEOPLE = [
  { applicant_name: 'Nguyễn Thị Thảo', applicant_id_number: '075190001234', applicant_phone: '0987654321' },
  { applicant_name: 'Nguyễn Thị Thanh', applicant_id_number: '075190005678', applicant_phone: '0912000111' },
  { applicant_name: 'Đặng Văn Đức', applicant_id_number: '075088009999', applicant_phone: '0903222333' },
  { applicant_name: 'Nguyễn Văn Hùng', applicant_id_number: '075089004321', applicant_phone: '0938111222' },
];

function codesIn(html: string): string[] {
  return [...html.matchAll(/>(000\.31\.01\.H26-\d{6}-\d{4})</g)].map((m) => m[1]!);
}

describe('dossier search', () => {
  let t: TestApp;
  let clerk: Awaited<ReturnType<typeof signIn>>;
  let other: Awaited<ReturnType<typeof signIn>>;
  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-20', '09:00'), env: { SESSION_TTL_HOURS: '720' } });
    await createStaff(t.db, 'clerk', 'clerk', '000.31.01.H26');
    await createStaff(t.db, 'other', 'clerk', '000.31.02.H26');
    clerk = await signIn(t.http, 'clerk');
    other = await signIn(t.http, 'other');
    // Four dossiers on Friday 20/11 and thirty on Monday 23/11, a page and a bit; one in another agency.
    for (const p of PEOPLE) {
      await clerk.agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...certifiedCopyForm(p), action: 'confirm', _csrf: clerk.csrf }).expect(303);
    }
    await other.agent
      .post('/tiep-nhan/2.000815/xac-nhan')
      .type('form')
      .send({ ...certifiedCopyForm({ applicant_name: 'Lê Thị Hùng Anh', applicant_id_number: '075190007777' }), action: 'confirm', _csrf: other.csrf })
      .expect(303);
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

  // Issue 12 #10: any word of the name, with or without accents, each word a prefix.
  test('by any word of the name, with or without accents; several words must all match', async () => {
    for (const q of ['hùng', 'hung', 'HÙNG', 'van hung', 'hung nguyen', 'nguyễn hùng', 'hu']) {
      const res = await clerk.agent.get('/ho-so').query({ q }).expect(200);
      assert.match(res.text, /1 hồ sơ/, q);
      assert.match(res.text, /Nguyễn Văn Hùng/, q);
    }
    for (const q of ['thao', 'thảo', 'Thao']) {
      const res = await clerk.agent.get('/ho-so').query({ q }).expect(200);
      assert.match(res.text, /1 hồ sơ/, q);
      assert.match(res.text, /Nguyễn Thị Thảo/, q);
    }
    // "đ" is folded to "d" on both sides.
    for (const q of ['đức', 'duc', 'đặng', 'dang duc']) {
      const res = await clerk.agent.get('/ho-so').query({ q }).expect(200);
      assert.match(res.text, /1 hồ sơ/, q);
      assert.match(res.text, /Đặng Văn Đức/, q);
    }
    const nguyen = await clerk.agent.get('/ho-so').query({ q: 'nguyen' }).expect(200);
    assert.match(nguyen.text, /3 hồ sơ/);
    const thiTh = await clerk.agent.get('/ho-so').query({ q: 'thi th' }).expect(200);
    assert.match(thiTh.text, /2 hồ sơ/);
    // A word in the middle of another word is no match, nor a word no dossier has.
    for (const q of ['ung', 'nguyen xuan', 'hung thao', '!!!']) {
      const res = await clerk.agent.get('/ho-so').query({ q }).expect(200);
      assert.match(res.text, /0 hồ sơ/, q);
    }
  });

  test('by a partial code: the date and sequence, or the sequence alone', async () => {
    const codes: string[] = (await t.db('dossiers').orderBy('id').select('code')).map((r: { code: string }) => r.code);
    const hung = codes[3]!; // the fourth dossier of Friday 20/11 at the first agency
    assert.match(hung, /-261120-0004$/);
    const tail = await clerk.agent.get('/ho-so').query({ q: '261120-0004' }).expect(200);
    assert.match(tail.text, /1 hồ sơ/);
    assert.deepEqual(codesIn(tail.text), [hung]);
    // The sequence alone finds that number on every day: 0004 of Friday and of Monday.
    const seq = await clerk.agent.get('/ho-so').query({ q: '0004' }).expect(200);
    assert.match(seq.text, /2 hồ sơ/);
    assert.ok(codesIn(seq.text).every((c) => c.endsWith('-0004')));
    // The date part lists that day's dossiers; a name word narrows it.
    const day = await clerk.agent.get('/ho-so').query({ q: '261120' }).expect(200);
    assert.match(day.text, /4 hồ sơ/);
    const dayAndName = await clerk.agent.get('/ho-so').query({ q: '261120 hung' }).expect(200);
    assert.deepEqual(codesIn(dayAndName.text), [hung]);
    assert.match((await clerk.agent.get('/ho-so').query({ q: '261121-0004' }).expect(200)).text, /0 hồ sơ/);
  });

  test('word search stays inside the agency', async () => {
    // "Lê Thị Hùng Anh" was received by the other agency: its clerk finds her, ours does not.
    const ours = await clerk.agent.get('/ho-so').query({ q: 'hung anh' }).expect(200);
    assert.match(ours.text, /0 hồ sơ/);
    const theirs = await other.agent.get('/ho-so').query({ q: 'hung' }).expect(200);
    assert.match(theirs.text, /1 hồ sơ/);
    assert.match(theirs.text, /Lê Thị Hùng Anh/);
    assert.doesNotMatch(theirs.text, /Nguyễn Văn Hùng/);
  });

  test('the words of a dossier, and of a query', () => {
    assert.deepEqual(dossierSearchWords({ name: 'Nguyễn Thị Thảo', code: '000.31.01.H26-261201-0002' }), ['nguyen', 'thi', 'thao', '261201-0002', '0002']);
    assert.deepEqual(dossierSearchWords({ name: 'Đỗ  Đức  Đạt', code: 'X-261201-12345' }), ['do', 'duc', 'dat', '261201-12345', '12345']);
    assert.deepEqual(dossierSearchWords({ name: 'Nguyễn Văn Văn', code: 'not a code' }), ['nguyen', 'van']);
    assert.deepEqual(queryWords('  Hùng, nguyễn hùng 261201-0002 '), ['hung', 'nguyen', '261201-0002']);
    assert.deepEqual(queryWords('—'), []);
  });

  test('intake and a re-index write the words, once each', async () => {
    const hung = await t.db('dossiers').where({ applicant_name: 'Nguyễn Văn Hùng' }).first('id', 'code');
    const words = (await t.db('dossier_search_words').where({ dossier_id: hung.id }).orderBy('word').select('word')).map((r: { word: string }) => r.word);
    assert.deepEqual(words, ['0004', '261120-0004', 'hung', 'nguyen', 'van']);
    await indexDossierWords(t.db, hung.id, { name: 'Nguyễn Văn Hùng', code: hung.code });
    assert.equal(Number((await t.db('dossier_search_words').where({ dossier_id: hung.id }).count({ n: '*' }))[0]!.n), 5);
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
    assert.match(friday.text, /4 hồ sơ/);
    const monday = await clerk.agent.get('/ho-so').query({ tu_ngay: '2026-11-23' }).expect(200);
    assert.match(monday.text, /30 hồ sơ · trang 1\/2/);
    assert.equal(codesIn(monday.text).length, 25);
    const page2 = await clerk.agent.get('/ho-so').query({ tu_ngay: '2026-11-23', trang: '2' }).expect(200);
    assert.equal(codesIn(page2.text).length, 5);
    assert.equal(new Set([...codesIn(monday.text), ...codesIn(page2.text)]).size, 30);
    // Friday's same-day dossiers were due Friday 17:00: overdue on Monday.
    const overdue = await clerk.agent.get('/ho-so').query({ qua_han: '1' }).expect(200);
    assert.match(overdue.text, /4 hồ sơ/);
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
    assert.match(dmy.text, /4 hồ sơ/);
  });

  test('the word, phone and date searches use indexes (query plans on both databases)', async () => {
    const admin: StaffUser = { id: 1, username: 'x', fullName: 'x', role: 'admin', agencyId: await agencyId(t.db, '000.31.01.H26'), agencyName: 'x' };
    const ward: StaffUser = { ...admin, role: 'clerk' };
    const repo = searchRepo(t.db);
    const wordFilters: SearchFilters[] = [{ words: ['hung'] }, { words: ['thao', 'nguyen'] }, { words: ['261120-0004'] }, { ids: [1, 2, 3] }];
    const cases: Array<[StaffUser, SearchFilters]> = [
      ...wordFilters.flatMap((f): Array<[StaffUser, SearchFilters]> => [[admin, f], [ward, f]]),
      [admin, { phone: '0903222333' }],
      [admin, { idNumber: '075190001234' }],
      [admin, { receivedFrom: vnInstant('2026-11-23'), receivedBefore: vnInstant('2026-11-24') }],
    ];
    for (const [staff, f] of cases) {
      const { sql, bindings } = repo.toSql(staff, f);
      const label = `${staff.role} ${JSON.stringify(f)}`;
      let plan: string;
      if (t.testDb.dialect === 'postgres') {
        // Tiny tables make a sequential scan cheapest; forbid it to see whether an index can serve.
        plan = await t.db.transaction(async (trx) => {
          await trx.raw('SET LOCAL enable_seqscan = off');
          const rows = await trx.raw(`EXPLAIN ${sql}`, bindings);
          return rows.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
        });
        assert.match(plan, /Index Scan|Index Only Scan|Bitmap Index Scan/, `${label}\n${plan}`);
        assert.doesNotMatch(plan, /Seq Scan/, `${label}\n${plan}`);
        if (f.ids) assert.match(plan, /(Bitmap Index Scan on|Index Scan using) dossiers_pkey/, `${label}\n${plan}`);
        if (f.words) {
          assert.match(plan, /(Bitmap Index Scan on|Index (Only )?Scan using) dossier_search_words_word_dossier_id_index/, `${label}\n${plan}`);
          assert.match(plan, /Index Cond: \(\(\(?word\)?(::text)? >= /, `${label}\n${plan}`);
        }
      } else {
        const rows = await t.db.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings);
        plan = rows.map((r: { detail: string }) => r.detail).join('\n');
        assert.doesNotMatch(plan, /SCAN d\b|SCAN dossiers/, `${label}\n${plan}`);
        if (f.words) {
          assert.match(plan, /SEARCH dossier_search_words USING COVERING INDEX dossier_search_words_word_dossier_id_index \(word>\? AND word<\?\)/, `${label}\n${plan}`);
          // An admin's search is driven by the word's range (dossiers by id); a clerk's may
          // start from the agency's indexes and check the word list (the planner's choice).
          assert.match(plan, staff.role === 'admin' ? /SEARCH d USING INTEGER PRIMARY KEY/ : /SEARCH d USING (INTEGER PRIMARY KEY|INDEX)/, `${label}\n${plan}`);
          if (f.words.length > 1) assert.match(plan, /SEARCH sw1 USING (COVERING )?INDEX sqlite_autoindex_dossier_search_words_1 \(dossier_id=\? AND word>\? AND word<\?\)/, `${label}\n${plan}`);
        } else if (f.ids) assert.match(plan, staff.role === 'admin' ? /SEARCH d USING INTEGER PRIMARY KEY \(rowid=\?\)/ : /SEARCH d USING (INTEGER PRIMARY KEY|INDEX)/, `${label}\n${plan}`);
        else assert.match(plan, /SEARCH d USING INDEX/, `${label}\n${plan}`);
      }
      console.log(`-- ${t.testDb.dialect} plan, ${label}\n${plan}`);
    }
  });

  test('the first step of a search of several words reads only the word index', async () => {
    const { sql, bindings } = searchRepo(t.db).wordMatchesToSql(['hung', 'nguyen', 'van']);
    let plan: string;
    if (t.testDb.dialect === 'postgres') {
      plan = await t.db.transaction(async (trx) => {
        await trx.raw('SET LOCAL enable_seqscan = off');
        return (await trx.raw(`EXPLAIN ${sql}`, bindings)).rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
      });
      assert.match(plan, /(Bitmap Index Scan on|Index Only Scan using) dossier_search_words_word_dossier_id_index/, plan);
      assert.match(plan, /Index Only Scan using dossier_search_words_pkey/, plan);
      assert.doesNotMatch(plan, /Seq Scan|dossiers/, plan);
    } else {
      plan = (await t.db.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings)).map((r: { detail: string }) => r.detail).join('\n');
      assert.match(plan, /SEARCH sw0 USING COVERING INDEX dossier_search_words_word_dossier_id_index \(word>\? AND word<\?\)/, plan);
      assert.match(plan, /SEARCH sw1 USING COVERING INDEX sqlite_autoindex_dossier_search_words_1 \(dossier_id=\? AND word>\? AND word<\?\)/, plan);
      assert.match(plan, /SEARCH sw2 USING COVERING INDEX sqlite_autoindex_dossier_search_words_1/, plan);
    }
    console.log(`-- ${t.testDb.dialect} plan, the words' matches\n${plan}`);
  });

  test('several words: found on the word index first, or in one query, the same dossiers', async () => {
    const admin: StaffUser = { id: 1, username: 'x', fullName: 'x', role: 'admin', agencyId: await agencyId(t.db, '000.31.01.H26'), agencyName: 'x' };
    const ward: StaffUser = { ...admin, role: 'clerk' };
    const twoStep = searchRepo(t.db);
    const oneQuery = searchRepo(t.db, { wordsDriveMax: 0 });
    const page = { limit: 25, offset: 0, orderBy: 'received_desc' as const };
    for (const words of [['nguyen', 'thi'], ['thi', 'th'], ['hung', 'nguyen', 'van'], ['hung', 'anh'], ['tran', 'binh'], ['nguyen', 'xuan'], ['261120', 'hung']]) {
      for (const staff of [admin, ward]) {
        const a = await twoStep.search(staff, { words }, page);
        const b = await oneQuery.search(staff, { words }, page);
        assert.deepEqual(a, b, `${staff.role} ${words.join(' ')}`);
        // A bound the words' matches pass or not, whatever the rarest word's count: the same again.
        assert.deepEqual(await searchRepo(t.db, { wordsDriveMax: 2 }).search(staff, { words }, page), b, `${staff.role} ${words.join(' ')} (bound 2)`);
        assert.equal(await twoStep.count(staff, { words }), b.total, `${staff.role} ${words.join(' ')} (count)`);
      }
    }
    assert.equal((await twoStep.search(admin, { words: ['hung', 'anh'] }, page)).total, 1);
    assert.equal((await twoStep.search(ward, { words: ['hung', 'anh'] }, page)).total, 0);
    assert.equal((await twoStep.search(ward, { words: ['tran', 'binh'] }, page)).total, 30);
    assert.equal((await twoStep.search(ward, { words: ['tran', 'binh'] }, { ...page, offset: 25 })).rows.length, 5);
  });

  test('one word: probed by primary key on PostgreSQL, or walked, the same page and count', async () => {
    const admin: StaffUser = { id: 1, username: 'x', fullName: 'x', role: 'admin', agencyId: await agencyId(t.db, '000.31.01.H26'), agencyName: 'x' };
    const ward: StaffUser = { ...admin, role: 'clerk' };
    const probed = searchRepo(t.db);
    const walked = searchRepo(t.db, { wordFirstMax: 0 });
    const sent: string[] = [];
    const listen = (q: { sql: string }) => sent.push(q.sql);
    t.db.on('query', listen);
    try {
      for (const word of ['nguyen', 'thi', 'hung', 'tran', 'binh', 'xuan', '261120', 'anh', 'zzz']) {
        for (const staff of [admin, ward]) {
          for (const page of [
            { limit: 25, offset: 0, orderBy: 'received_desc' as const },
            { limit: 25, offset: 25, orderBy: 'received_desc' as const },
            { limit: 25, offset: 0, orderBy: 'due_asc' as const },
          ]) {
            const label = `${staff.role} ${word} ${page.orderBy}@${page.offset}`;
            assert.deepEqual(await probed.search(staff, { words: [word] }, page), await walked.search(staff, { words: [word] }, page), label);
            assert.deepEqual(await probed.search(staff, { words: [word], status: 'received' }, page), await walked.search(staff, { words: [word], status: 'received' }, page), `${label} received`);
          }
          assert.equal(await probed.count(staff, { words: [word] }), await walked.count(staff, { words: [word] }), `${staff.role} ${word} count`);
        }
      }
    } finally {
      t.db.off('query', listen);
    }
    // PostgreSQL probes the words' dossiers by key; SQLite keeps its own plan.
    assert.equal(
      sent.some((sql) => sql.includes('ANY(ARRAY(')),
      t.testDb.dialect === 'postgres',
    );
  });

  test('several words are read rarest first', async () => {
    const repo = searchRepo(t.db);
    assert.deepEqual(await repo.rarestFirst(['nguyen', 'thao']), ['thao', 'nguyen']);
    assert.deepEqual(await repo.rarestFirst(['binh', 'tran']), ['binh', 'tran']);
  });
});

describe('the search-words migration', () => {
  let tdb: TestDb;
  before(async () => {
    tdb = await createTestDb();
  });
  after(() => tdb.cleanup());

  test('backfills the words of every existing dossier, across batches', async () => {
    const db = tdb.db;
    const agency = await agencyId(db, '000.31.01.H26');
    const clerk = await createStaff(db, 'mig', 'clerk', '000.31.01.H26');
    const procedure = (await db('procedures').where({ code: '2.000815' }).first('id')).id;
    const at = vnInstant('2026-11-20', '09:00');
    const names = ['Nguyễn Văn Hùng', 'Nguyễn Thị Thảo', 'Đặng Văn Đức'];
    const rows = Array.from({ length: 2003 }, (_, i) => ({
      code: `000.31.01.H26-261120-${String(i + 1).padStart(4, '0')}`,
      public_token: `migration-test-token-${String(i).padStart(8, '0')}`,
      agency_id: agency,
      processing_agency_id: agency,
      procedure_id: procedure,
      status: 'received',
      applicant_name: names[i % 3]!,
      applicant_name_folded: 'x',
      applicant_id_number: '075190001234',
      applicant_phone: '0987654321',
      applicant_address: 'Đồng Nai',
      result_delivery: 'counter',
      processing_unit: 'same_day',
      processing_amount: 0,
      received_at: at,
      original_due_at: at,
      due_at: at,
      received_by: clerk,
      created_at: at,
      updated_at: at,
    }));
    for (let i = 0; i < rows.length; i += 200) await db('dossiers').insert(rows.slice(i, i + 200));
    // As before the migration: no word table, the old name-prefix indexes.
    await db.schema.dropTable('dossier_search_words');
    await db.schema.alterTable('dossiers', (t) => t.index(['applicant_name_folded']));
    if (tdb.dialect === 'postgres') await db.raw('CREATE INDEX dossiers_applicant_name_folded_pattern ON dossiers (applicant_name_folded text_pattern_ops)');
    await db.transaction((trx) => searchWordsMigration.up(trx));
    const indexes: string[] =
      tdb.dialect === 'postgres'
        ? (await db.raw("SELECT indexname AS name FROM pg_indexes WHERE tablename = 'dossiers'")).rows.map((r: { name: string }) => r.name)
        : (await db.raw("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'dossiers'")).map((r: { name: string }) => r.name);
    assert.ok(indexes.includes('dossiers_applicant_id_number_index'), indexes.join(', '));
    assert.deepEqual(indexes.filter((n) => n.includes('applicant_name_folded')), [], 'the old name-prefix indexes are dropped');
    const count = async (word: string) => Number((await db('dossier_search_words').where({ word }).count({ n: '*' }))[0]!.n);
    assert.equal(Number((await db('dossier_search_words').countDistinct({ n: 'dossier_id' }))[0]!.n), 2003);
    assert.equal(await count('hung'), 668);
    assert.equal(await count('nguyen'), 1336);
    assert.equal(await count('duc'), 667);
    assert.equal(await count('261120-2003'), 1);
    assert.equal(await count('2003'), 1);
    const last = await db('dossiers').orderBy('id', 'desc').first('id');
    const words = (await db('dossier_search_words').where({ dossier_id: last.id }).orderBy('word').select('word')).map((r: { word: string }) => r.word);
    assert.deepEqual(words, ['2003', '261120-2003', 'nguyen', 'thao', 'thi']);
  });
});
