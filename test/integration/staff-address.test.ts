/**
 * Issue 20: staff pages speak to the member of staff as "bạn" (as the rest of the staff side
 * does), never with "Ông/Bà", the form of address for citizens: the questions inbox (its
 * "mine" column too), the petitions list, the apology drafts and the draft the head signs.
 * The message templates' descriptions (read by the administrator) name the citizen.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import { TEMPLATES } from '../../src/messaging.js';
import { paths } from '../../src/web/paths.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { runJob } from '../helpers/jobs.js';
import { citizen, dossierAt, twoWards, type TwoWards } from '../helpers/two-wards.js';

/** The page's main content (the header and footer aside). */
const main = (html: string) => /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? html;

describe('staff are not addressed as "Ông/Bà"', () => {
  let t: TestApp;
  let w: TwoWards;
  let dossierId: number;

  before(async () => {
    // Friday 27/11/2026 15:00; the dossier's appointment is Wednesday 02/12.
    t = await buildTestApp({ now: vnInstant('2026-11-27', '15:00'), env: { SESSION_TTL_HOURS: '720' } });
    w = await twoWards(t);
    const d = await dossierAt(t, w, 'in_progress');
    dossierId = d.id;
    const c = await citizen(t);
    await c.agent.post(paths.publicStatus.ask(d.token)).type('form').send({ _csrf: c.csrf, cau_hoi: 'Khi nào tôi nhận được kết quả?' }).expect(303);
    // Close to the appointment the apology job prepares the draft the head signs.
    t.clock.set(vnInstant('2026-12-01', '07:00'));
    await runJob(t.deps, 'apology');
    assert.ok(await t.db('apology_drafts').where({ dossier_id: dossierId }).first(), 'the apology draft is prepared');
  });
  after(() => t.cleanup());

  test('the questions inbox: "Bạn" for the officer’s own dossier', async () => {
    const res = await w.officer.agent.get(paths.questions.inbox).expect(200);
    assert.match(res.text, /<td class="question-mine">Bạn<\/td>/);
    assert.match(res.text, /hồ sơ bạn được giao xử lý trước/);
    assert.doesNotMatch(main(res.text), /Ông\/Bà/);
  });

  test('the petitions list, the apology drafts and the draft page', async () => {
    const pages: Array<[string, Awaited<ReturnType<typeof twoWards>>['officer'], string]> = [
      ['petitions (officer)', w.officer, paths.petitions.staffList],
      ['petitions (head)', w.supervisor, paths.petitions.staffList],
      ['apology drafts (head)', w.supervisor, paths.apologies.drafts],
      ['apology drafts (officer)', w.officer, paths.apologies.drafts],
      ['apology draft (head)', w.supervisor, paths.apologies.draft(dossierId)],
    ];
    for (const [label, who, path] of pages) {
      const res = await who.agent.get(path).expect(200);
      assert.doesNotMatch(main(res.text), /Ông\/Bà/, label);
    }
    const list = await w.officer.agent.get(paths.petitions.staffList).expect(200);
    assert.match(list.text, /cơ quan của bạn/);
    const drafts = await w.supervisor.agent.get(paths.apologies.drafts).expect(200);
    assert.match(drafts.text, /bạn sửa và ký phát hành/);
  });

  test('template descriptions and staff messages do not say "Ông/Bà"', () => {
    for (const [key, tpl] of Object.entries(TEMPLATES)) {
      assert.doesNotMatch(tpl.description, /Ông\/Bà/, `${key}: the description is read by the administrator`);
      if (tpl.audience === 'staff') assert.doesNotMatch(`${tpl.title} ${tpl.text}`, /Ông\/Bà/, `${key}: a message to staff`);
    }
  });
});
