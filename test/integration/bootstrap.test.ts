import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { prepareDatabase } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { verifyAuditChains } from '../../src/features/dossiers/audit.js';
import { verifyPetitionChains } from '../../src/features/petitions/petition-events.repo.js';
import { createTestDb } from '../helpers/db.js';

const logger = pino({ level: 'silent' });
const count = async (db: import('knex').Knex, table: string) => Number((await db(table).count({ n: '*' }).first())?.n);

test('start-up on a new database loads reference and demo data once, consistently', async () => {
  const t = await createTestDb({ reference: false });
  try {
    const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent' });
    await prepareDatabase(t.db, config, logger);
    assert.equal(await count(t.db, 'agencies'), 7);
    assert.ok((await count(t.db, 'procedures')) >= 20);
    assert.ok((await count(t.db, 'holidays')) >= 30);
    assert.equal(await count(t.db, 'users'), 6);
    assert.equal(await count(t.db, 'dossiers'), 7);
    // The petitions control unit: a supervisor of the province centre (no parent agency), with an e-mail.
    const control = await t.db('users as u').join('agencies as a', 'a.id', 'u.agency_id').where('u.username', 'kiemsoat').first('u.role', 'u.email', 'a.kind', 'a.parent_id', 'a.eid');
    assert.deepEqual({ ...control, parent_id: control.parent_id ?? null }, { role: 'supervisor', email: 'kiemsoat@motcua.example', kind: 'centre', parent_id: null, eid: '000.00.01.H26' });
    // Two petitions filed through the public form: one forwarded to the ward awaiting the officer's draft, one answered and published anonymised.
    const petitions = await t.db('petitions as p').join('agencies as a', 'a.id', 'p.competent_agency_id').orderBy('p.status').select('p.status', 'a.eid', 'p.published_answer', 'p.published_content', 'p.sender_name');
    assert.deepEqual(petitions.map((p) => [p.status, p.eid]), [['answered', '000.31.01.H26'], ['forwarded', '000.31.01.H26']]);
    const published = petitions[0]!;
    assert.ok(published.published_answer && !published.published_answer.includes(published.sender_name) && !published.published_content.includes(published.sender_name) && !/0978/.test(published.published_content));
    assert.deepEqual((await verifyPetitionChains(t.db)).broken, []);
    const statuses = (await t.db('dossiers').select('status')).map((r) => r.status).sort();
    assert.deepEqual(statuses, ['awaiting_supplement', 'in_progress', 'in_progress', 'in_progress', 'in_progress', 'in_progress', 'received']);
    assert.deepEqual((await verifyAuditChains(t.db)).broken, []);
    // What the 2025 rules look like in the demo: a clock restarted by a supplement (the
    // appointment moved past the printed one), a draft apology for the head, an issued one
    // signed with the head's title, a guidance and a refusal given at the counter.
    const restarted = await t.db('dossiers as d')
      .join('dossier_pauses as p', 'p.dossier_id', 'd.id')
      .where({ 'p.kind': 'supplement', 'd.supplement_clock': 'restart' })
      .whereNotNull('p.ended_at')
      .first('d.due_at', 'd.original_due_at');
    assert.ok(restarted && new Date(restarted.due_at) > new Date(restarted.original_due_at), 'a restarted clock moved the appointment');
    assert.ok((await count(t.db, 'apology_drafts')) >= 1, 'a draft in the head’s list');
    const issued = await t.db('dossier_apologies').first('number', 'signer_title', 'issued_by');
    assert.ok(issued && issued.issued_by !== null && /\/PXL$/.test(issued.number) && issued.signer_title, 'an apology issued by the head, numbered …/PXL');
    assert.equal(await count(t.db, 'counter_guidances'), 1);
    assert.equal(await count(t.db, 'counter_refusals'), 1);

    // A restart changes nothing.
    await prepareDatabase(t.db, config, logger);
    assert.equal(await count(t.db, 'users'), 6);
    assert.equal(await count(t.db, 'dossiers'), 7);
    assert.equal(await count(t.db, 'counter_guidances'), 1);
    assert.equal(await count(t.db, 'petitions'), 2);
  } finally {
    await t.cleanup();
  }
});

test('production start-up never loads demo accounts', async () => {
  const t = await createTestDb({ reference: false });
  try {
    await prepareDatabase(t.db, loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', CSRF_SECRET: 'x'.repeat(32) }), logger);
    assert.equal(await count(t.db, 'users'), 0);
    assert.ok((await count(t.db, 'procedures')) >= 20);
  } finally {
    await t.cleanup();
  }
});

test('production start-up refuses to run without CSRF_SECRET (the anonymous CSRF signing key)', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent' }), /CSRF_SECRET: required when NODE_ENV=production/);
  assert.throws(() => loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', CSRF_SECRET: 'short' }), /CSRF_SECRET/);
  assert.equal(loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent' }).security.csrfSecret, null);
});
