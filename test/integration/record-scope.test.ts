/**
 * The record core's visibility rule is one rule: canSeeDossier on a dossier in hand and
 * scopeToStaff in SQL agree on every dossier × staff member of a three-agency world (every
 * combination of receiving, processing and holding agency), on SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLES, type StaffUser } from '../../src/domain/roles.js';
import { dossiersRepo } from '../../src/features/dossiers/dossiers.repo.js';
import { canSeeDossier } from '../../src/features/dossiers/dossiers.service.js';
import { searchRepo } from '../../src/features/dossiers/search.repo.js';
import { joinStaffDossiers, oneDossier, staffDossiers } from '../../src/platform/record/scope.repo.js';
import { agencyId, createStaff } from '../helpers/app.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { insertDossier } from '../helpers/fixtures.js';

const EIDS = ['000.31.01.H26', '000.31.02.H26', '000.00.12.H26'];

describe('record core: canSeeDossier and scopeToStaff are one rule', () => {
  let t: TestDb;
  const ids: number[] = [];
  let staff: StaffUser[] = [];
  before(async () => {
    t = await createTestDb();
    const [a, b, c] = await Promise.all(EIDS.map((eid) => agencyId(t.db, eid)));
    const clerkId = await createStaff(t.db, 'clerk', 'clerk', EIDS[0]!);
    // Received by A or B, processed by A or B, held by A, B, C or no one: 16 dossiers.
    for (const received of [a!, b!]) {
      for (const processing of [a!, b!]) {
        for (const assigned of [a!, b!, c!, null]) {
          const id = await insertDossier(t.db, clerkId, { received: '2026-11-02', due: '2026-11-10', status: 'in_progress' });
          await t.db('dossiers').where({ id }).update({ agency_id: received, processing_agency_id: processing, assigned_agency_id: assigned });
          ids.push(id);
        }
      }
    }
    // Every role in each of the three agencies (C sees only what it holds).
    staff = [a!, b!, c!].flatMap((agency, i) => ROLES.map((role, j) => ({ id: 1000 + i * 10 + j, username: `${role}${i}`, fullName: 'Cán Bộ', role, agencyId: agency, agencyName: EIDS[i]! })));
  });
  after(async () => {
    await t.cleanup();
  });

  test('for every dossier × staff member, the scoped query returns the dossier exactly when canSeeDossier says yes', async () => {
    const repo = dossiersRepo(t.db);
    const dossiers = await Promise.all(ids.map((id) => repo.byId(id)));
    let seen = 0;
    let hidden = 0;
    for (const s of staff) {
      const expected = dossiers.filter((d) => canSeeDossier(s, d!)).map((d) => d!.id).sort((x, y) => x - y);
      const scoped = (await staffDossiers(t.db, s).whereIn('d.id', ids).select<Array<{ id: number }>>('d.id')).map((r) => Number(r.id)).sort((x, y) => x - y);
      assert.deepEqual(scoped, expected, `${s.role} of ${s.agencyName}`);
      // The same rule joined from another table (here the dossiers themselves, as x).
      const joined = (await joinStaffDossiers(t.db('dossiers as x').whereIn('x.id', ids), s, 'x.id').select<Array<{ id: number }>>('x.id')).map((r) => Number(r.id)).sort((x, y) => x - y);
      assert.deepEqual(joined, expected, `${s.role} of ${s.agencyName} (joined)`);
      // A repo built on it: the staff search.
      const found = await searchRepo(t.db).search(s, { ids }, { limit: 100, offset: 0, orderBy: 'due_asc' });
      assert.deepEqual(found.rows.map((r) => r.id).sort((x, y) => x - y), expected, `${s.role} of ${s.agencyName} (search)`);
      assert.equal(found.total, expected.length, `${s.role} of ${s.agencyName} (search's total)`);
      // The search's count alone (the home pages' numbers) and by status (the agency-status indexes).
      assert.equal(await searchRepo(t.db).count(s, { ids }), expected.length, `${s.role} of ${s.agencyName} (count)`);
      for (const status of new Set(dossiers.map((d) => d!.status))) {
        const ofStatus = dossiers.filter((d) => d!.status === status && canSeeDossier(s, d!)).length;
        assert.equal(await searchRepo(t.db).count(s, { ids, status }), ofStatus, `${s.role} of ${s.agencyName} (count of ${status})`);
      }
      seen += expected.length;
      hidden += ids.length - expected.length;
    }
    // The world is not degenerate: the rule both shows and hides.
    assert.ok(seen > 0 && hidden > 0, `seen ${seen}, hidden ${hidden}`);
    // Administrators see all 16; agency C's staff only the 4 it holds.
    assert.equal((await staffDossiers(t.db, staff.find((s) => s.role === 'admin')!).whereIn('d.id', ids).select('d.id')).length, 16);
    assert.equal((await staffDossiers(t.db, staff.find((s) => s.agencyName === EIDS[2] && s.role === 'officer')!).whereIn('d.id', ids).select('d.id')).length, 4);
  });

  test('oneDossier reads one dossier by id, token or code, typed', async () => {
    const d = await dossiersRepo(t.db).byId(ids[0]!);
    const byId = await oneDossier(t.db, { id: d!.id }).first('code', 'public_token');
    const byToken = await oneDossier(t.db, { public_token: d!.publicToken }).first('id');
    const byCode = await oneDossier(t.db, { code: d!.code }).first('id');
    assert.deepEqual([byId?.code, byId?.public_token, Number(byToken?.id), Number(byCode?.id)], [d!.code, d!.publicToken, d!.id, d!.id]);
  });
});
