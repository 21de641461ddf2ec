import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import { verifyAuditChains } from '../../src/features/dossiers/audit.js';
import { buildTestApp, certifiedCopyForm, createStaff, signIn, type TestApp } from '../helpers/app.js';
import { nodeScript } from '../helpers/node-script.js';

function runVerify(url: string) {
  return spawnSync(process.execPath, nodeScript('src/cli/verify-audit.ts'), {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
}

describe('tamper-evident audit trail', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-11-23', '09:00') });
    await createStaff(t.db, 'clerk', 'clerk', '000.31.01.H26');
    const { agent, csrf } = await signIn(t.http, 'clerk');
    for (let i = 0; i < 3; i++) {
      await agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...certifiedCopyForm(), action: 'confirm', _csrf: csrf }).expect(303);
    }
    const ids = (await t.db('dossiers').select('id')).map((r) => r.id);
    for (const id of ids) await agent.post(`/ho-so/${id}/in-giay-tiep-nhan`).type('form').send({ _csrf: csrf }).expect(303);
  });
  after(() => t.cleanup());

  test('intact chains verify, from the service and from the command', async () => {
    const report = await verifyAuditChains(t.db);
    assert.equal(report.dossiers, 3);
    assert.equal(report.events, 6);
    assert.deepEqual(report.broken, []);
    const cli = runVerify(t.testDb.url);
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /Checked 3 dossiers, 6 events/);
    assert.match(cli.stdout, /All audit chains are intact/);
  });

  test('the database refuses to update or delete events', async () => {
    await assert.rejects(t.db('dossier_events').update({ note: 'sửa' }), /append-only/);
    await assert.rejects(t.db('dossier_events').delete(), /append-only/);
  });

  test('tampering (after dropping the guard) is detected at the first broken link', async () => {
    if (t.testDb.dialect === 'postgres') {
      await t.db.raw('DROP TRIGGER dossier_events_append_only ON dossier_events');
    } else {
      await t.db.raw('DROP TRIGGER dossier_events_no_update');
      await t.db.raw('DROP TRIGGER dossier_events_no_delete');
    }
    const victim = await t.db('dossiers').orderBy('id').first('id', 'code');
    await t.db('dossier_events').where({ dossier_id: victim.id, seq: 2 }).update({ note: 'In lại lần 5' });
    const other = await t.db('dossiers').orderBy('id', 'desc').first('id', 'code');
    await t.db('dossier_events').where({ dossier_id: other.id, seq: 1 }).delete();

    const report = await verifyAuditChains(t.db);
    assert.deepEqual(
      report.broken.map((b) => [b.code, b.seq, b.reason]),
      [
        [victim.code, 2, 'content does not match its hash'],
        [other.code, 2, 'expected event #1, found #2'],
      ],
    );
    const cli = runVerify(t.testDb.url);
    assert.equal(cli.status, 1);
    assert.match(cli.stdout, new RegExp(`BROKEN ${victim.code.replace(/\./g, '\\.')} \\(dossier ${victim.id}\\) at event #2`));
    assert.match(cli.stdout, /2 dossier\(s\) with a broken audit chain/);
  });
});
