import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  PETITION_ACTIONS,
  PETITION_CONDITIONS,
  PETITION_TRANSITIONS,
  decidePetition,
  petitionActionsFor,
  type PetitionAction,
  type PetitionActionContext,
  type PetitionActionFields,
} from '../../src/domain/petition-workflow.js';
import { PETITION_STATUSES, type PetitionStatus } from '../../src/domain/petitions.js';
import { ROLES, type Role } from '../../src/domain/roles.js';

/**
 * The whole petition state machine written out by hand: for each action the statuses it
 * starts from, where it leads, who may take it, and on which side (control unit or
 * competent agency). Every (status, action, role) outside this table is refused.
 */
const EXPECTED: Record<PetitionAction, { from: PetitionStatus[]; to: PetitionStatus; roles: Role[]; side: 'control' | 'agency'; note: boolean }> = {
  accept: { from: ['received'], to: 'accepted', roles: ['supervisor', 'admin'], side: 'control', note: false },
  not_in_scope: { from: ['received', 'accepted'], to: 'not_in_scope', roles: ['supervisor', 'admin'], side: 'control', note: true },
  forward: { from: ['received', 'accepted'], to: 'forwarded', roles: ['supervisor', 'admin'], side: 'control', note: false },
  decline: { from: ['forwarded'], to: 'accepted', roles: ['officer', 'supervisor'], side: 'agency', note: true },
  draft: { from: ['forwarded', 'drafted'], to: 'drafted', roles: ['officer', 'supervisor'], side: 'agency', note: false },
  return_draft: { from: ['drafted'], to: 'forwarded', roles: ['supervisor'], side: 'agency', note: true },
  approve: { from: ['drafted'], to: 'answered', roles: ['supervisor'], side: 'agency', note: false },
};

const BOTH: PetitionActionContext = { controlUnit: true, inCompetentAgency: true };
const FULL: PetitionActionFields = { category: 'Thời gian giải quyết', agencyId: 5, answer: 'Nội dung trả lời' };

describe('petition workflow: the whole table against decidePetition', () => {
  test('the table has exactly the expected actions', () => {
    assert.deepEqual([...PETITION_ACTIONS].sort(), Object.keys(EXPECTED).sort());
  });

  for (const action of PETITION_ACTIONS) {
    const e = EXPECTED[action];
    test(`${action}: from ${e.from.join(', ')} to ${e.to}, by ${e.roles.join(', ')}`, () => {
      for (const status of PETITION_STATUSES) {
        for (const role of ROLES) {
          const d = decidePetition(status, action, role, 'ghi chú', BOTH, FULL);
          const allowed = e.from.includes(status) && e.roles.includes(role);
          assert.equal(d.ok, allowed, `${action} from ${status} as ${role}`);
          if (d.ok) assert.equal(d.to, e.to);
          else assert.ok(d.message.length > 10 && /[ạ-ỹà-ý]/u.test(d.message), `a Vietnamese refusal: ${d.message}`);
        }
      }
    });
  }

  test('each side acts only on its own: the control unit triages, the competent agency answers', () => {
    for (const action of PETITION_ACTIONS) {
      const e = EXPECTED[action];
      const status = e.from[0]!;
      const role = e.roles[0]!;
      const other: PetitionActionContext = e.side === 'control' ? { controlUnit: false, inCompetentAgency: true } : { controlUnit: true, inCompetentAgency: false };
      const d = decidePetition(status, action, role, 'x', other, FULL);
      assert.equal(d.ok, false, action);
      if (!d.ok) {
        assert.equal(d.reason, 'condition');
        assert.equal(d.message, PETITION_CONDITIONS[e.side === 'control' ? 'control_unit' : 'competent_agency'].message);
      }
    }
  });

  test('required notes and fields, with the field named', () => {
    for (const action of PETITION_ACTIONS) {
      const e = EXPECTED[action];
      const d = decidePetition(e.from[0]!, action, e.roles[0]!, '  ', BOTH, FULL);
      assert.equal(d.ok, !e.note, action);
      if (!d.ok) assert.equal(d.field, 'note');
    }
    const noAgency = decidePetition('received', 'forward', 'admin', null, BOTH, { category: 'x', agencyId: null });
    assert.deepEqual([noAgency.ok, !noAgency.ok && noAgency.field], [false, 'agency']);
    const noCategory = decidePetition('accepted', 'forward', 'supervisor', null, BOTH, { category: ' ', agencyId: 3 });
    assert.deepEqual([noCategory.ok, !noCategory.ok && noCategory.field], [false, 'category']);
    const noAnswer = decidePetition('forwarded', 'draft', 'officer', null, BOTH, { answer: '' });
    assert.deepEqual([noAnswer.ok, !noAnswer.ok && noAnswer.field], [false, 'answer']);
    assert.equal(decidePetition('received', 'nope', 'admin', null, BOTH).ok, false);
  });

  test('the refusal order: role, then status, then side, then fields', () => {
    const role = decidePetition('answered', 'approve', 'clerk', null, { controlUnit: false, inCompetentAgency: false });
    assert.equal(!role.ok && role.reason, 'wrong_role');
    const status = decidePetition('answered', 'approve', 'supervisor', null, { controlUnit: false, inCompetentAgency: false });
    assert.equal(!status.ok && status.reason, 'wrong_status');
    assert.match(!status.ok ? status.message : '', /Đã trả lời/);
  });

  test('petitionActionsFor lists exactly what decidePetition accepts with the fields given', () => {
    const contexts: PetitionActionContext[] = [BOTH, { controlUnit: true, inCompetentAgency: false }, { controlUnit: false, inCompetentAgency: true }, { controlUnit: false, inCompetentAgency: false }];
    for (const ctx of contexts) {
      for (const status of PETITION_STATUSES) {
        for (const role of ROLES) {
          const listed = petitionActionsFor(status, role, ctx);
          const accepted = PETITION_ACTIONS.filter((a) => decidePetition(status, a, role, 'x', ctx, FULL).ok);
          assert.deepEqual(listed, accepted, `${status} ${role} ${JSON.stringify(ctx)}`);
        }
      }
    }
  });

  test('closing actions: not in scope and approve; public steps', () => {
    assert.deepEqual(PETITION_ACTIONS.filter((a) => PETITION_TRANSITIONS[a].closes), ['not_in_scope', 'approve']);
    assert.deepEqual(PETITION_ACTIONS.filter((a) => PETITION_TRANSITIONS[a].public), ['accept', 'not_in_scope', 'forward', 'approve']);
  });
});
