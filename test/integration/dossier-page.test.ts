/**
 * The dossier page as a module (issue 21, item 3): a feature plugs a panel into the page
 * through the registry the composition root fills, and the presenter builds it for the
 * dossier and the viewer, in its slot and order, with its success banners and its failed
 * forms; a failure that no panel shows again keeps its message and what was typed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Express } from 'express';
import { createApp } from '../../src/app.js';
import type { StaffUser } from '../../src/domain/roles.js';
import { vnInstant } from '../../src/domain/time.js';
import { failureOf, panelRegistry, type DossierPanel } from '../../src/features/dossiers/page/panel.js';
import { dossierPagePresenter, type DossierPagePresenter } from '../../src/features/dossiers/page/presenter.js';
import { services } from '../../src/services.js';
import { buildTestApp, signIn, type TestApp } from '../helpers/app.js';
import { dossierAt, twoWards, type TwoWards } from '../helpers/two-wards.js';
import { REFUSAL_MESSAGES } from '../../src/platform/refusal/refusal.js';

async function staffUser(t: TestApp, username: string): Promise<StaffUser> {
  const u = await t.db('users').join('agencies', 'agencies.id', 'users.agency_id').where('users.username', username).first('users.id', 'users.full_name', 'users.role', 'users.agency_id', 'agencies.name');
  return { id: u.id, username, fullName: u.full_name, role: u.role, agencyId: u.agency_id, agencyName: u.name };
}

describe('the dossier page: panels from the features', () => {
  let t: TestApp;
  let w: TwoWards;
  let app: Express;
  let page: DossierPagePresenter;
  let shown: { id: number; code: string };
  let other: { id: number };
  const built: string[] = [];

  /** A feature's panel, as a new feature would write it: it shows on one dossier only, with a form and a banner. */
  const probe: DossierPanel = {
    key: 'probe',
    slot: 'activity',
    order: 15,
    view: 'partials/success-banner',
    banners: { thu: 'Đã thử bảng mới.' },
    build(ctx) {
      built.push(`${ctx.dossier.id}:${ctx.staff.username}`);
      if (ctx.dossier.id !== shown.id) return null;
      const failed = failureOf(ctx, 'probe');
      return {
        model: { message: `Bảng thử của hồ sơ ${ctx.dossier.code}` },
        summary: failed ? { errors: failed.errors ?? {}, summaryIds: { ly_do: `probe-ly_do-${failed.item}` } } : undefined,
      };
    },
  };

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-30', '10:00') });
    w = await twoWards(t);
    shown = await dossierAt(t, w, 'in_progress');
    other = await dossierAt(t, w, 'in_progress');
    // The composition root's registry, plus the new panel: nothing else changes.
    const svc = services(t.deps);
    const registry = panelRegistry().register(...svc.dossierPanels.all(), probe);
    page = dossierPagePresenter({ dossiers: svc.dossiers, sameDayCutoffMinute: t.config.office.sameDayCutoffMinute }, registry);
    app = createApp(t.deps, { ...svc, dossierPage: page });
  });
  after(() => t.cleanup());

  test('the panel is built for the dossier and the viewer, and rendered in its slot, in order', async () => {
    const officer = await signIn(app, 'officer');
    const res = await officer.agent.get(`/ho-so/${shown.id}`).expect(200);
    const at = (s: string) => res.text.indexOf(s);
    assert.ok(at(`Bảng thử của hồ sơ ${shown.code}`) > 0, 'the panel is on the page');
    // The 'activity' slot: after the document buttons and the core sections, before the history.
    assert.ok(at('Phiếu kiểm soát quá trình') < at('Bảng thử của hồ sơ'));
    assert.ok(at('Bảng thử của hồ sơ') < at('Lịch sử xử lý'));
    assert.ok(built.includes(`${shown.id}:officer`));
    // A panel with nothing to show (build returns null) leaves no trace.
    const plain = await officer.agent.get(`/ho-so/${other.id}`).expect(200);
    assert.doesNotMatch(plain.text, /Bảng thử/);
    assert.match(plain.text, /Lịch sử xử lý/);
  });

  test("a panel's own success banner, and no banner for keys that are nobody's", async () => {
    const officer = await signIn(app, 'officer');
    const res = await officer.agent.get(`/ho-so/${other.id}?xong=thu`).expect(200);
    assert.match(res.text, /<p class="success-banner-title">Đã thử bảng mới\.<\/p>/);
    // The questions panel's banners moved with it; the actions' stay in event-labels.ts.
    assert.match((await officer.agent.get(`/ho-so/${other.id}?xong=tra_loi`).expect(200)).text, /Đã gửi câu trả lời cho công dân\./);
    assert.match((await officer.agent.get(`/ho-so/${other.id}?xong=take`).expect(200)).text, /Đã nhận xử lý hồ sơ\./);
    for (const key of ['__proto__', 'toString', 'hasOwnProperty', 'probe']) {
      assert.doesNotMatch((await officer.agent.get(`/ho-so/${other.id}?xong=${key}`).expect(200)).text, /success-banner-title/, key);
    }
  });

  test('a failed form is linked by the panel that shows it; a failure no panel shows keeps its message and what was typed', async () => {
    const officer = await staffUser(t, 'officer');
    const claimed = await page.build(officer, shown.id, { failure: { form: 'probe:7', reason: 'invalid', errors: { ly_do: 'Nhập lý do.' }, values: { ly_do: '' } } });
    assert.ok(claimed.ok);
    assert.equal(claimed.value.reason, 'invalid');
    assert.deepEqual(claimed.value.locals.summary, { errors: { ly_do: 'Nhập lý do.' }, summaryIds: { ly_do: 'probe-ly_do-7' } });
    assert.deepEqual(claimed.value.locals.typed, []);

    const gone = await page.build(officer, shown.id, {
      failure: { form: 'removed-feature', reason: 'conflict', refusal: { reason: 'conflict', message: 'Hồ sơ đã thay đổi.' }, errors: { ghi_chu: 'Quá dài.' }, typed: ['Nội dung đã gõ', ''] },
    });
    assert.ok(gone.ok);
    assert.equal(gone.value.reason, 'conflict');
    assert.deepEqual(gone.value.locals.summary, { errors: { ghi_chu: 'Quá dài.' }, summaryIds: { ghi_chu: null }, summaryMessage: 'Hồ sơ đã thay đổi.' });
    assert.deepEqual(gone.value.locals.typed, ['Nội dung đã gõ']);

    // The panels' models are per slot, in order; the core's sections are not panels.
    const activity = gone.value.locals.panels.activity.map((p) => p.key);
    assert.ok(activity.includes('probe'));
    assert.deepEqual(activity, ['dossier-files', 'messages', 'probe', 'questions', 'portal-sync'].filter((k) => activity.includes(k)));
    assert.deepEqual(gone.value.locals.panels.documents.map((p) => p.key), ['receipts', 'forms']);
  });

  test("another agency's dossier is refused before any panel is built", async () => {
    const before = built.length;
    const outsider = await staffUser(t, 'officer_th');
    // The shared refusals, with their one message each (src/platform/refusal).
    assert.deepEqual(await page.build(outsider, shown.id), { ok: false, reason: 'forbidden', message: REFUSAL_MESSAGES.dossierOtherAgency });
    assert.deepEqual(await page.build(outsider, 2_000_000), { ok: false, reason: 'not_found', message: REFUSAL_MESSAGES.dossierNotFound });
    assert.equal(built.length, before);
  });

  test('building the page reads nothing twice: the panels share the history, the pauses, the procedure and the issued apology', async () => {
    const officer = await staffUser(t, 'officer');
    const statements: string[] = [];
    const onQuery = (q: { sql: string; bindings?: unknown[] }) => statements.push(`${q.sql} ${JSON.stringify(q.bindings ?? [])}`);
    t.db.on('query', onQuery);
    try {
      const built = await page.build(officer, shown.id);
      assert.ok(built.ok);
      assert.ok(built.value.locals.panels.actions.some((p) => p.key === 'workflow'), 'the officer has actions on the dossier');
    } finally {
      t.db.off('query', onQuery);
    }
    const repeated = statements.filter((s, i) => statements.indexOf(s) !== i);
    assert.deepEqual(repeated, [], 'statements run more than once');
    // What the panels take from the page's own reads: supplement requests, acts after receipt, the procedure's flags.
    assert.deepEqual(statements.filter((s) => /count\(\*\).*dossier_pauses|from .procedures. where/i.test(s)), []);
    // What the files panel takes from them: the documents, the procedure's fee and flags, the fee paid (an event).
    assert.equal(statements.filter((s) => /from .dossier_documents./i.test(s)).length, 1, 'the documents are read once');
    assert.deepEqual(statements.filter((s) => /from .dossiers. inner join .procedures./i.test(s)), [], 'the dossier is not read again with its procedure');
    assert.deepEqual(statements.filter((s) => /from .dossier_events. where .dossier_id. = \? and .type. = /i.test(s)), [], 'the fee paid comes from the history already read');
  });

  test('the registry: one panel per key, each slot in order', () => {
    const a: DossierPanel = { key: 'a', slot: 'actions', order: 30, view: 'x', build: () => null };
    const b: DossierPanel = { key: 'b', slot: 'actions', order: 10, view: 'x', build: () => null };
    const c: DossierPanel = { key: 'c', slot: 'documents', order: 5, view: 'x', build: () => null };
    const registry = panelRegistry().register(a, b, c);
    assert.deepEqual(registry.inSlot('actions').map((p) => p.key), ['b', 'a']);
    assert.deepEqual(registry.inSlot('documents').map((p) => p.key), ['c']);
    assert.throws(() => registry.register({ ...a, order: 1 }), /panel "a" registered twice/);
  });
});
