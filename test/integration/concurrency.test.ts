import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import { parseDossierCode } from '../../src/domain/dossier-code.js';
import { buildTestApp, certifiedCopyForm, createStaff, csrfFrom, listen, PASSWORD, type TestApp } from '../helpers/app.js';

const CLERKS = 8;
const INTAKES = 200;

/** Sign in over real HTTP and return the cookie header and CSRF token of the session. */
async function httpSignIn(baseUrl: string, username: string): Promise<{ cookie: string; csrf: string }> {
  const page = await fetch(`${baseUrl}/dang-nhap`);
  const anonCookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${baseUrl}/dang-nhap`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: anonCookie },
    body: new URLSearchParams({ _csrf: csrfFrom(await page.text()), username, password: PASSWORD }),
  });
  assert.equal(res.status, 303);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const home = await fetch(`${baseUrl}/ho-so`, { headers: { cookie } });
  return { cookie, csrf: csrfFrom(await home.text()) };
}

describe(`dossier codes under load: ${INTAKES} concurrent intakes by ${CLERKS} clerks`, () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-23', '10:15') });
    for (let i = 0; i < CLERKS; i++) await createStaff(t.db, `clerk${i}`, 'clerk', '000.31.01.H26');
    server = await listen(t.app);
  });
  after(async () => {
    await server.close();
    await t.cleanup();
  });

  test('every intake succeeds and every code is unique and gap-free', async () => {
    const sessions = await Promise.all(Array.from({ length: CLERKS }, (_, i) => httpSignIn(server.baseUrl, `clerk${i}`)));
    const results = await Promise.all(
      Array.from({ length: INTAKES }, (_, i) => {
        const s = sessions[i % CLERKS]!;
        return fetch(`${server.baseUrl}/tiep-nhan/2.000815/xac-nhan`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: s.cookie },
          body: new URLSearchParams({ ...certifiedCopyForm({ applicant_name: `Người Nộp Số ${'ABCDEFGHIJ'[i % 10]}` }), action: 'confirm', _csrf: s.csrf }),
        }).then((r) => r.status);
      }),
    );
    const errors = results.filter((s) => s !== 303);
    assert.deepEqual(errors, [], `non-redirect statuses: ${errors.join(',')}`);

    const rows = await t.db('dossiers').select('code');
    assert.equal(rows.length, INTAKES);
    const codes = rows.map((r) => r.code as string);
    assert.equal(new Set(codes).size, INTAKES, 'duplicate dossier codes');
    const sequences = codes.map((c) => parseDossierCode(c)!.sequence).sort((a, b) => a - b);
    assert.deepEqual(sequences, Array.from({ length: INTAKES }, (_, i) => i + 1));
    for (const c of codes) assert.match(c, /^000\.31\.01\.H26-261123-\d{4}$/);
    const events = await t.db('dossier_events').count({ n: '*' }).first();
    assert.equal(Number(events?.n), INTAKES);
  });
});
