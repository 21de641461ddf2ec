/**
 * The petitions job: the control unit reminded a working day before the forward deadline
 * and alerted past it; the competent agency's officers reminded two working days before
 * the answer deadline, its supervisors alerted past it, the control unit a working day
 * later. Each once, each an event on the petition's chain.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Knex } from 'knex';
import type { StaffUser } from '../../src/domain/roles.js';
import { vnInstant } from '../../src/domain/time.js';
import { verifyPetitionChains } from '../../src/features/petitions/petition-events.repo.js';
import { counterLabel } from '../../src/jobs.js';
import { PETITION_COUNTER_LABELS } from '../../src/features/petitions/petition-sweeps.js';
import { services } from '../../src/services.js';
import { agencyId, buildTestApp, createStaff, signIn, type TestApp } from '../helpers/app.js';
import { runJob } from '../helpers/jobs.js';
import { receivedPetition } from '../helpers/petitions.js';
import { CENTRE, TU_PHAP, WARD } from '../helpers/two-agencies.js';

// Received Tue 1/12/2026 09:00: forward due Tue 8/12 09:00 (5 working days, no holiday).
const RECEIVED = vnInstant('2026-12-01', '09:00');
const NOW = RECEIVED;

/** A petition as filing stores it, received at `receivedAt` (now by default). */
const filePetition = (db: Knex, f: Omit<Parameters<typeof receivedPetition>[1], 'receivedAt'> & { receivedAt?: Date } = {}) => receivedPetition(db, { ...f, receivedAt: f.receivedAt ?? NOW });


describe('the petitions job: reminders, overdue flags, escalation', () => {
  let t: TestApp;
  let triage: { id: number };
  let forwarded: { id: number };
  let answered: { id: number };

  const sent = async (template: string) => (await t.db('outbox_messages').where({ template }).orderBy('id').pluck('recipient')).sort();
  const flags = (id: number) => t.db('petitions').where({ id }).first('forward_overdue_at', 'answer_overdue_at', 'escalated_at');

  async function run(date: string, clock: string) {
    t.clock.set(vnInstant(date, clock));
    const r = await runJob(t.deps, 'petitions');
    assert.ok(r.ran && 'counts' in r, JSON.stringify(r));
    return r.counts;
  }

  async function staffUser(username: string): Promise<StaffUser> {
    const r = await t.db('users as u').join('agencies as a', 'a.id', 'u.agency_id').where('u.username', username).first('u.id', 'u.full_name', 'u.role', 'u.agency_id', 'a.name');
    return { id: Number(r.id), username, fullName: r.full_name, role: r.role, agencyId: Number(r.agency_id), agencyName: r.name };
  }

  before(async () => {
    t = await buildTestApp({ now: RECEIVED });
    for (const [u, role, eid] of [
      ['kiemsoat', 'supervisor', CENTRE],
      ['cv', 'officer', WARD],
      ['ld', 'supervisor', WARD],
    ] as const) {
      const id = await createStaff(t.db, u, role, eid);
      await t.db('users').where({ id }).update({ email: `${u}@motcua.test` });
    }
    triage = await filePetition(t.db, { receivedAt: RECEIVED });
    forwarded = await filePetition(t.db, { receivedAt: RECEIVED });
    answered = await filePetition(t.db, { receivedAt: RECEIVED });
    const svc = services(t.deps);
    const control = await staffUser('kiemsoat');
    const ward = await agencyId(t.db, WARD);
    const version = async (id: number) => Number((await t.db('petition_events').where({ petition_id: id }).whereNotNull('to_status').max({ v: 'seq' }).first())?.v);
    for (const p of [forwarded, answered]) {
      const r = await svc.petitions.act(control, p.id, { action: 'forward', version: await version(p.id), note: null, category: 'Thời gian giải quyết', agencyId: ward, answer: null }, null);
      assert.ok(r.ok, JSON.stringify(r));
    }
    // Answered the same day: no reminder ever.
    const r1 = await svc.petitions.act(await staffUser('cv'), answered.id, { action: 'draft', version: await version(answered.id), note: null, category: null, agencyId: null, answer: 'Đã khắc phục.', outcome: 'explain' }, null);
    const r2 = await svc.petitions.act(await staffUser('ld'), answered.id, { action: 'approve', version: await version(answered.id), note: null, category: null, agencyId: null, answer: null, publication: { content: 'Nộp hồ sơ chờ quá lâu.', answer: 'Đã khắc phục.', confirmed: true } }, null);
    assert.ok(r1.ok && r2.ok);
  });
  after(() => t.cleanup());

  test('nothing early; every counter has its own Vietnamese label on the jobs page', async () => {
    const counts = await run('2026-12-07', '08:59');
    for (const k of Object.keys(counts)) assert.equal(counterLabel(k), PETITION_COUNTER_LABELS[k], k);
    assert.equal(counterLabel('escalated'), 'Hồ sơ báo lên lãnh đạo', 'the dossier counter keeps its label');
    assert.deepEqual(counts, { petitions_forward_reminders: 0, petitions_forward_overdue: 0, petitions_answer_reminders: 0, petitions_answer_overdue: 0, petitions_escalated: 0, petitions_review_due: 0 });
  });

  test('a working day before the forward deadline: the control unit, once', async () => {
    assert.equal((await run('2026-12-07', '09:00')).petitions_forward_reminders, 1);
    assert.equal((await run('2026-12-07', '15:00')).petitions_forward_reminders, 0);
    assert.deepEqual(await sent('petition_forward_reminder'), ['kiemsoat@motcua.test']);
  });

  test('past the forward deadline unforwarded: flagged, the control unit alerted, once', async () => {
    const counts = await run('2026-12-08', '09:00');
    assert.equal(counts.petitions_forward_overdue, 1);
    assert.equal((await run('2026-12-08', '10:00')).petitions_forward_overdue, 0);
    assert.ok((await flags(triage.id)).forward_overdue_at);
    assert.equal((await flags(forwarded.id)).forward_overdue_at, null);
    assert.deepEqual(await sent('petition_forward_overdue'), ['kiemsoat@motcua.test']);
  });

  test('answer: reminder two working days before (Fri 11/12 09:00 for Tue 15/12 09:00), to the officers', async () => {
    assert.equal((await run('2026-12-11', '08:59')).petitions_answer_reminders, 0);
    assert.equal((await run('2026-12-11', '09:00')).petitions_answer_reminders, 1);
    assert.equal((await run('2026-12-14', '09:00')).petitions_answer_reminders, 0);
    assert.deepEqual(await sent('petition_answer_reminder'), ['cv@motcua.test']);
  });

  test('answer overdue: flagged, its supervisors alerted; a working day later, escalated to the control unit', async () => {
    const c1 = await run('2026-12-15', '09:00');
    assert.deepEqual([c1.petitions_answer_overdue, c1.petitions_escalated], [1, 0]);
    assert.ok((await flags(forwarded.id)).answer_overdue_at);
    assert.deepEqual(await sent('petition_answer_overdue'), ['ld@motcua.test']);
    assert.equal((await run('2026-12-16', '08:59')).petitions_escalated, 0);
    const c2 = await run('2026-12-16', '09:00');
    assert.deepEqual([c2.petitions_answer_overdue, c2.petitions_escalated], [0, 1]);
    assert.equal((await run('2026-12-17', '09:00')).petitions_escalated, 0);
    assert.ok((await flags(forwarded.id)).escalated_at);
    assert.deepEqual(await sent('petition_escalated'), ['kiemsoat@motcua.test']);
    // The answered one never reminded or flagged.
    assert.deepEqual(await flags(answered.id), { forward_overdue_at: null, answer_overdue_at: null, escalated_at: null });
  });

  test('art. 14(2)(b): a petition kept for study — its head reminded once when the review date comes; the control unit sees it on its home and list', async () => {
    t.clock.set(vnInstant('2026-12-17', '10:00'));
    const svc = services(t.deps);
    const [control, head] = [await staffUser('kiemsoat'), await staffUser('ld')];
    const kept = await filePetition(t.db, { receivedAt: vnInstant('2026-12-17', '10:00') });
    const version = async () => Number((await t.db('petition_events').where({ petition_id: kept.id }).whereNotNull('to_status').max({ v: 'seq' }).first())?.v);
    const fwd = await svc.petitions.act(control, kept.id, { action: 'forward', version: await version(), note: null, category: 'Quy định', agencyId: await agencyId(t.db, WARD), answer: null }, null);
    const keep = await svc.petitions.act(head, kept.id, { action: 'keep_for_study', version: await version(), note: 'Cần lấy ý kiến Sở Tư pháp.', category: null, agencyId: null, answer: null, reviewDate: '2026-12-21' }, null);
    assert.ok(fwd.ok && keep.ok, JSON.stringify([fwd, keep]));
    assert.equal((await run('2026-12-18', '16:00')).petitions_review_due, 0);
    assert.equal((await svc.petitions.controlUnitCounts(control))?.reviewDue, 0);
    // The review day (Monday 21/12), from its first run: the head, once.
    assert.equal((await run('2026-12-21', '07:00')).petitions_review_due, 1);
    assert.equal((await run('2026-12-21', '15:00')).petitions_review_due, 0);
    const mail = await t.db('outbox_messages').where({ template: 'petition_review_due' }).select('recipient', 'data');
    assert.deepEqual(mail.map((m) => m.recipient), ['ld@motcua.test']);
    assert.equal(JSON.parse(mail[0].data).review, '21/12/2026');
    assert.deepEqual(await t.db('petition_events').where({ petition_id: kept.id, type: 'petition_review_due' }).pluck('actor_id'), [null]);
    // The control unit: a home tile and the list, the due one first and marked.
    assert.equal((await svc.petitions.controlUnitCounts(control))?.reviewDue, 1);
    const list = await svc.petitions.list(control, { status: null, all: false });
    assert.deepEqual(list.items.find((i) => i.id === kept.id)?.review, { on: '21/12/2026', reached: true });
    const agent = await signIn(t.http, 'kiemsoat');
    const home = await agent.agent.get('/').expect(200);
    assert.match(home.text, /Đến ngày xem xét lại/);
    const keptList = await agent.agent.get('/xu-ly-pakn?trang_thai=kept_for_study').expect(200);
    assert.match(keptList.text, /Xem xét lại: 21\/12\/2026<br><span class="tag petition-review-due" data-review-due>Đã đến ngày xem xét lại<\/span>/);
    // Drafted again: no longer due.
    const draft = await svc.petitions.act(head, kept.id, { action: 'draft', version: await version(), note: null, category: null, agencyId: null, answer: 'Đã nghiên cứu xong.', outcome: 'recommend' }, null);
    assert.ok(draft.ok, JSON.stringify(draft));
    assert.equal((await svc.petitions.controlUnitCounts(control))?.reviewDue, 0);
  });

  test('each effect an event on the chain; chains intact', async () => {
    const types = async (id: number) => (await t.db('petition_events').where({ petition_id: id }).orderBy('seq').pluck('type'));
    assert.deepEqual(await types(triage.id), ['received', 'petition_forward_reminder', 'petition_forward_overdue']);
    assert.deepEqual(await types(forwarded.id), ['received', 'petition_forwarded', 'petition_answer_reminder', 'petition_answer_overdue', 'petition_escalated']);
    assert.equal((await t.db('petition_milestones').where({ petition_id: forwarded.id })).length, 3);
    assert.deepEqual((await verifyPetitionChains(t.db)).broken, []);
  });
});

describe('the petitions job after a decline: the new agency gets its own reminder', () => {
  let t: TestApp;
  after(() => t.cleanup());

  test('reminded at the first agency, declined, forwarded again: reminded again at the second', async () => {
    t = await buildTestApp({ now: RECEIVED });
    for (const [u, role, eid] of [
      ['kiemsoat', 'supervisor', CENTRE],
      ['cv', 'officer', WARD],
      ['cv.tp', 'officer', TU_PHAP],
    ] as const) {
      const id = await createStaff(t.db, u, role, eid);
      await t.db('users').where({ id }).update({ email: `${u}@motcua.test` });
    }
    const user = async (username: string): Promise<StaffUser> => {
      const r = await t.db('users as u').join('agencies as a', 'a.id', 'u.agency_id').where('u.username', username).first('u.id', 'u.full_name', 'u.role', 'u.agency_id', 'a.name');
      return { id: Number(r.id), username, fullName: r.full_name, role: r.role, agencyId: Number(r.agency_id), agencyName: r.name };
    };
    const svc = services(t.deps);
    const p = await filePetition(t.db, { receivedAt: RECEIVED });
    const version = async () => Number((await t.db('petition_events').where({ petition_id: p.id }).whereNotNull('to_status').max({ v: 'seq' }).first())?.v);
    const act = async (who: string, action: string, extra: { agencyId?: number; note?: string; version?: number } = {}) => {
      const r = await svc.petitions.act(await user(who), p.id, { action, version: extra.version ?? (await version()), note: extra.note ?? null, category: 'Hộ tịch', agencyId: extra.agencyId ?? null, answer: null }, null);
      assert.ok(r.ok, JSON.stringify(r));
    };
    await act('kiemsoat', 'forward', { agencyId: await agencyId(t.db, TU_PHAP) });
    // The officer's page was open before the job's reminder: its form is not stale because of it.
    const seen = await version();
    t.clock.set(vnInstant('2026-12-11', '09:00'));
    await runJob(t.deps, 'petitions');
    t.clock.set(vnInstant('2026-12-11', '10:00'));
    await act('cv.tp', 'decline', { note: 'Thuộc thẩm quyền UBND phường.', version: seen });
    await act('kiemsoat', 'forward', { agencyId: await agencyId(t.db, WARD) });
    // 10 working days from Fri 11/12 10:00: Fri 25/12 10:00; reminded from Wed 23/12 10:00.
    assert.equal(new Date((await t.db('petitions').where({ id: p.id }).first('answer_due_at')).answer_due_at).getTime(), vnInstant('2026-12-25', '10:00').getTime());
    t.clock.set(vnInstant('2026-12-23', '10:00'));
    const r = await runJob(t.deps, 'petitions');
    assert.ok(r.ran && 'counts' in r && r.counts.petitions_answer_reminders === 1, JSON.stringify(r));
    const reminded = await t.db('outbox_messages').where({ template: 'petition_answer_reminder' }).orderBy('id').pluck('recipient');
    assert.deepEqual(reminded, ['cv.tp@motcua.test', 'cv@motcua.test']);
    assert.deepEqual((await verifyPetitionChains(t.db)).broken, []);
  });
});
