import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { toDate } from '../../src/db/knex.js';
import { verifyAuditChains } from '../../src/features/dossiers/audit.js';
import { vnInstant } from '../../src/domain/time.js';
import { questionExcerpt } from '../../src/features/questions/question-sweeps.js';
import { buildTestApp, createStaff, csrfFrom, signIn, type TestApp } from '../helpers/app.js';
import { insertDossier } from '../helpers/fixtures.js';
import { runJob } from '../helpers/jobs.js';

const TRAN_BIEN = '000.31.01.H26';
const TAM_HIEP = '000.31.02.H26';

// Asked Friday 27/11/2026 15:00 with 8 working hours: due Monday 30/11 15:00, reminded
// 2 working hours before (Monday 12:00 — the lunch break is not working time, so any
// instant up to 13:00 is "2 working hours before").
const ASKED = vnInstant('2026-11-27', '15:00');
const DUE = vnInstant('2026-11-30', '15:00');

describe('the questions job: reminder to the officer, escalation to the supervisors', () => {
  let t: TestApp;
  let officerId: number;
  let mailOf: Map<number, string>;
  let assigned: { id: number; token: string };
  let unassigned: { id: number; token: string };
  let answeredDossier: { id: number; token: string };
  let officer: Awaited<ReturnType<typeof signIn>>;

  const outbox = (template: string) => t.db('outbox_messages').where({ template }).orderBy('id').select('recipient', 'dossier_id', 'data', 'channel');

  async function ask(token: string, text: string) {
    const agent = request.agent(t.http);
    const page = await agent.get(`/s/${token}`).expect(200);
    await agent.post(`/s/${token}/cau-hoi`).type('form').send({ _csrf: csrfFrom(page.text), cau_hoi: text }).expect(303);
    return (await t.db('dossier_questions').where({ dossier_id: (await t.db('dossiers').where({ public_token: token }).first('id')).id }).orderBy('id', 'desc').first()) as Record<string, unknown>;
  }

  async function run(at: Date) {
    t.clock.set(at);
    const r = await runJob(t.deps, 'questions');
    assert.ok(r.ran && 'counts' in r, JSON.stringify(r));
    return r.counts;
  }

  before(async () => {
    t = await buildTestApp({ now: ASKED, env: { SESSION_TTL_HOURS: '720', LOOKUP_RATE_LIMIT: '1000' } });
    const clerkId = await createStaff(t.db, 'clerk', 'clerk', TRAN_BIEN, 'Nguyễn Thị Thu Hà');
    officerId = await createStaff(t.db, 'officer', 'officer', TRAN_BIEN, 'Trần Minh Khoa');
    const officer2Id = await createStaff(t.db, 'officer2', 'officer', TRAN_BIEN, 'Lê Thị Mai');
    const supId = await createStaff(t.db, 'sup', 'supervisor', TRAN_BIEN, 'Đỗ Văn Giám');
    const otherOfficer = await createStaff(t.db, 'officer_th', 'officer', TAM_HIEP, 'Hoàng Văn Nam');
    const otherSup = await createStaff(t.db, 'sup_th', 'supervisor', TAM_HIEP, 'Bùi Thị Sát');
    mailOf = new Map([
      [officerId, 'khoa@motcua.test'],
      [officer2Id, 'mai@motcua.test'],
      [supId, 'giam@motcua.test'],
      [clerkId, 'ha@motcua.test'],
      [otherOfficer, 'nam@motcua.test'],
      [otherSup, 'sat@motcua.test'],
    ]);
    for (const [id, email] of mailOf) await t.db('users').where({ id }).update({ email });
    const make = async (assignedTo: number | null) => {
      const id = await insertDossier(t.db, clerkId, { received: '2026-11-25', due: '2026-12-10', status: 'in_progress' });
      await t.db('dossiers').where({ id }).update({ assigned_to: assignedTo });
      return { id, token: (await t.db('dossiers').where({ id }).first('public_token')).public_token as string };
    };
    assigned = await make(officerId);
    unassigned = await make(null);
    answeredDossier = await make(officerId);
    officer = await signIn(t.http, 'officer');
  });
  after(() => t.cleanup());

  test('the questions are asked with their deadlines', async () => {
    t.clock.set(ASKED);
    for (const d of [assigned, unassigned, answeredDossier]) {
      const q = await ask(d.token, 'Hồ sơ của tôi đã được chuyển sang phòng chuyên môn chưa? Khi nào tôi nhận được kết quả?');
      assert.equal(toDate(q.answer_due_at).getTime(), DUE.getTime());
      assert.ok(toDate(q.remind_at).getTime() <= vnInstant('2026-11-30', '13:00').getTime());
      assert.ok(toDate(q.remind_at).getTime() >= vnInstant('2026-11-30', '12:00').getTime());
    }
    // The third one is answered on Monday morning, before any reminder.
    t.clock.set(vnInstant('2026-11-30', '09:00'));
    const q = await t.db('dossier_questions').where({ dossier_id: answeredDossier.id }).first('id');
    const res = await officer.agent.post(`/cau-hoi/${q.id}/tra-loi`).type('form').send({ _csrf: officer.csrf, noi_dung: 'Hồ sơ đang được thẩm định, dự kiến có kết quả đúng hẹn.', loai: 'tra_loi', xac_nhan: '' });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    assert.ok((await t.db('dossier_questions').where({ id: q.id }).first('answered_at')).answered_at);
  });

  test('before remind_at nothing is sent', async () => {
    const counts = await run(vnInstant('2026-11-30', '11:59'));
    assert.equal(counts.questions_reminded, 0);
    assert.equal(counts.questions_escalated, 0);
    assert.equal((await outbox('question_due_soon')).length, 0);
    assert.equal((await outbox('question_overdue')).length, 0);
  });

  test('after remind_at: one e-mail to the assigned officer; unassigned → the holding agency\'s officers; run twice: still one', async () => {
    const counts = await run(vnInstant('2026-11-30', '13:30'));
    assert.equal(counts.questions_reminded, 2);
    assert.equal(counts.questions_escalated, 0);
    const again = await run(vnInstant('2026-11-30', '13:40'));
    assert.equal(again.questions_reminded, 0);
    const mails = await outbox('question_due_soon');
    const to = (dossierId: number) => mails.filter((m) => m.dossier_id === dossierId).map((m) => m.recipient).sort();
    assert.deepEqual(to(assigned.id), ['khoa@motcua.test']);
    assert.deepEqual(to(unassigned.id), ['khoa@motcua.test', 'mai@motcua.test']);
    assert.deepEqual(to(answeredDossier.id), [], 'an answered question is never reminded');
    assert.ok(mails.every((m) => m.channel === 'email'));
    const data = JSON.parse(String(mails[0]!.data));
    assert.equal(data.excerpt, 'Hồ sơ của tôi đã được chuyển sang phòng chuyên môn chưa? Khi nào tôi nhận được kết quả?');
    assert.match(data.due, /30\/11\/2026/);
    assert.equal(data.link, `http://motcua.test/ho-so/${mails[0]!.dossier_id}`);
    const rows = await t.db('dossier_questions').whereIn('dossier_id', [assigned.id, unassigned.id]).select('reminded_at', 'escalated_at');
    assert.ok(rows.every((r) => toDate(r.reminded_at).getTime() === vnInstant('2026-11-30', '13:30').getTime() && r.escalated_at === null));
    assert.equal((await t.db('dossier_questions').where({ dossier_id: answeredDossier.id }).first('reminded_at')).reminded_at, null);
  });

  test('past due: the supervisors are e-mailed once and the event is on the chain; other agencies never', async () => {
    const counts = await run(vnInstant('2026-11-30', '15:01'));
    assert.equal(counts.questions_escalated, 2);
    assert.equal(counts.questions_reminded, 0);
    const again = await run(vnInstant('2026-12-01', '09:00'));
    assert.equal(again.questions_escalated, 0);
    const mails = await outbox('question_overdue');
    assert.deepEqual(mails.map((m) => [m.dossier_id, m.recipient]).sort(), [
      [assigned.id, 'giam@motcua.test'],
      [unassigned.id, 'giam@motcua.test'],
    ].sort());
    for (const d of [assigned, unassigned]) {
      const events = await t.db('dossier_events').where({ dossier_id: d.id, type: 'question_escalated' });
      assert.equal(events.length, 1);
      assert.ok(events[0].public === false || events[0].public === 0, 'not public');
      assert.match(events[0].note, /chưa được trả lời đúng hạn/);
    }
    assert.equal((await t.db('dossier_events').where({ dossier_id: answeredDossier.id, type: 'question_escalated' })).length, 0);
    const all = await t.db('outbox_messages').whereIn('template', ['question_due_soon', 'question_overdue']).pluck('recipient');
    for (const other of ['nam@motcua.test', 'sat@motcua.test', 'ha@motcua.test']) assert.ok(!all.includes(other), `${other} is never e-mailed`);
    const audit = await verifyAuditChains(t.db);
    assert.equal(audit.broken.length, 0, JSON.stringify(audit));
  });

  test('a late first run (after downtime) catches up on both, each once', async () => {
    t.clock.set(vnInstant('2026-12-01', '10:00'));
    const late = await ask(assigned.token, 'Tôi có cần bổ sung giấy tờ gì không?');
    const counts = await run(vnInstant('2026-12-03', '10:00'));
    assert.equal(counts.questions_reminded, 1);
    assert.equal(counts.questions_escalated, 1);
    const row = await t.db('dossier_questions').where({ id: late.id }).first();
    assert.ok(row.reminded_at && row.escalated_at);
    assert.equal((await run(vnInstant('2026-12-03', '10:10'))).question_emails, 0);
  });

  test('the excerpt is cut at a word', () => {
    assert.equal(questionExcerpt('ngắn  gọn\nthôi'), 'ngắn gọn thôi');
    const long = 'chữ '.repeat(60);
    const e = questionExcerpt(long);
    assert.ok(e.length <= 121 && e.endsWith('chữ…'), e);
  });
});
