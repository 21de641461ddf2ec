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
import { CLOSED_PETITION_STATUSES, PETITION_OUTCOMES, PETITION_STATUSES, SCOPE_REASON_LABELS, SCOPE_REASONS, type PetitionStatus } from '../../src/domain/petitions.js';
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
  forward_external: { from: ['received', 'accepted'], to: 'forwarded_external', roles: ['supervisor', 'admin'], side: 'control', note: false },
  decline: { from: ['forwarded'], to: 'accepted', roles: ['officer', 'supervisor'], side: 'agency', note: true },
  draft: { from: ['forwarded', 'drafted', 'kept_for_study'], to: 'drafted', roles: ['officer', 'supervisor'], side: 'agency', note: false },
  keep_for_study: { from: ['forwarded', 'drafted'], to: 'kept_for_study', roles: ['supervisor'], side: 'agency', note: true },
  return_draft: { from: ['drafted'], to: 'forwarded', roles: ['supervisor'], side: 'agency', note: true },
  approve: { from: ['drafted'], to: 'answered', roles: ['supervisor'], side: 'agency', note: false },
  publish: { from: ['answered'], to: 'answered', roles: ['supervisor'], side: 'agency', note: false },
  withhold_publication: { from: ['answered'], to: 'answered', roles: ['supervisor'], side: 'agency', note: true },
};

const BOTH: PetitionActionContext = { controlUnit: true, inCompetentAgency: true, publicationPending: true };
const FULL: PetitionActionFields = {
  category: 'Thời gian giải quyết',
  agencyId: 5,
  answer: 'Nội dung trả lời',
  outcome: 'explain',
  scopeReason: 'complaint',
  externalBody: 'Bộ Tư pháp',
  dispatchNumber: '123/VP-KSTT',
  dispatchDate: '2026-12-01',
  reviewDate: '2027-03-31',
};

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
      const other: PetitionActionContext = e.side === 'control' ? { controlUnit: false, inCompetentAgency: true, publicationPending: true } : { controlUnit: true, inCompetentAgency: false, publicationPending: true };
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
    const contexts: PetitionActionContext[] = [BOTH, { controlUnit: true, inCompetentAgency: false }, { controlUnit: false, inCompetentAgency: true }, { controlUnit: false, inCompetentAgency: false }, { controlUnit: true, inCompetentAgency: true, publicationPending: false }];
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

  test('closing actions: not in scope, forwarded outside the province and approve; public steps', () => {
    assert.deepEqual(PETITION_ACTIONS.filter((a) => PETITION_TRANSITIONS[a].closes), ['not_in_scope', 'forward_external', 'approve']);
    assert.deepEqual(PETITION_ACTIONS.filter((a) => PETITION_TRANSITIONS[a].public), ['accept', 'not_in_scope', 'forward', 'forward_external', 'keep_for_study', 'approve', 'publish']);
  });
});

describe('petition workflow: the articles of Decree 20/2008/NĐ-CP', () => {
  const field = (d: ReturnType<typeof decidePetition>) => (d.ok ? null : d.field);

  test('art. 9(1)(d): a petition outside every local agency’s competence is forwarded outside the province with the body, the dispatch number and date', () => {
    const ok = decidePetition('received', 'forward_external', 'supervisor', null, BOTH, FULL);
    assert.ok(ok.ok && ok.to === 'forwarded_external' && ok.rule.closes && ok.rule.public);
    assert.equal(field(decidePetition('accepted', 'forward_external', 'admin', null, BOTH, { ...FULL, externalBody: ' ' })), 'external_body');
    assert.equal(field(decidePetition('accepted', 'forward_external', 'admin', null, BOTH, { ...FULL, dispatchNumber: null })), 'dispatch_number');
    assert.equal(field(decidePetition('accepted', 'forward_external', 'admin', null, BOTH, { ...FULL, dispatchDate: '1/12/2026' })), 'dispatch_date');
    // Only the control unit forwards; a forwarded one is the competent agency's.
    assert.equal(decidePetition('received', 'forward_external', 'supervisor', null, { controlUnit: false, inCompetentAgency: false }, FULL).ok, false);
    assert.equal(decidePetition('forwarded', 'forward_external', 'admin', null, BOTH, FULL).ok, false);
  });

  test('art. 7 and art. 1: "not in scope" only with one of the decree’s reasons (missing name/address/contact, not about a regulation, a complaint, a denunciation)', () => {
    for (const reason of SCOPE_REASONS) assert.equal(decidePetition('received', 'not_in_scope', 'admin', 'Gửi Ban Tiếp công dân tỉnh.', BOTH, { scopeReason: reason }).ok, true, reason);
    assert.equal(field(decidePetition('received', 'not_in_scope', 'admin', 'Không thuộc thẩm quyền của tỉnh.', BOTH, {})), 'scope_reason');
    assert.equal(field(decidePetition('received', 'not_in_scope', 'admin', 'x', BOTH, { scopeReason: 'outside_province' })), 'scope_reason');
    assert.deepEqual([...SCOPE_REASONS], ['missing_identity', 'not_regulation', 'complaint', 'denunciation']);
    assert.match(SCOPE_REASON_LABELS.missing_identity, /Điều 7/);
    assert.match(SCOPE_REASON_LABELS.complaint, /Điều 1/);
  });

  test('art. 14(2)(b)–(d): the head keeps a petition for study with a review date; it is drafted again later', () => {
    const kept = decidePetition('forwarded', 'keep_for_study', 'supervisor', 'Chưa đủ cơ sở, cần lấy ý kiến Sở Tư pháp.', BOTH, { reviewDate: '2027-03-31' });
    assert.ok(kept.ok && kept.to === 'kept_for_study' && !kept.rule.closes);
    assert.equal(field(decidePetition('drafted', 'keep_for_study', 'supervisor', 'x', BOTH, {})), 'review_date');
    assert.equal(decidePetition('forwarded', 'keep_for_study', 'officer', 'x', BOTH, FULL).ok, false);
    assert.equal(field(decidePetition('forwarded', 'keep_for_study', 'supervisor', ' ', BOTH, FULL)), 'note');
    const resumed = decidePetition('kept_for_study', 'draft', 'officer', null, BOTH, FULL);
    assert.ok(resumed.ok && resumed.to === 'drafted');
    assert.ok(!CLOSED_PETITION_STATUSES.includes('kept_for_study'));
  });

  test('art. 15: every answer carries its outcome (amend or abolish, recommend, issue new, explain)', () => {
    assert.deepEqual([...PETITION_OUTCOMES], ['amend_abolish', 'recommend', 'issue_new', 'explain']);
    for (const outcome of PETITION_OUTCOMES) assert.equal(decidePetition('forwarded', 'draft', 'officer', null, BOTH, { answer: 'Trả lời', outcome }).ok, true);
    assert.equal(field(decidePetition('forwarded', 'draft', 'officer', null, BOTH, { answer: 'Trả lời' })), 'outcome');
    assert.equal(field(decidePetition('forwarded', 'draft', 'officer', null, BOTH, { answer: 'Trả lời', outcome: 'nothing' })), 'outcome');
  });

  test('art. 19, 14(2)(đ): the head publishes a pending result or withholds it with a reason; once decided, neither again', () => {
    const pending: PetitionActionContext = { controlUnit: false, inCompetentAgency: true, publicationPending: true };
    const decided: PetitionActionContext = { ...pending, publicationPending: false };
    assert.equal(decidePetition('answered', 'publish', 'supervisor', null, pending).ok, true);
    assert.equal(field(decidePetition('answered', 'withhold_publication', 'supervisor', '', pending)), 'note');
    assert.equal(decidePetition('answered', 'withhold_publication', 'supervisor', 'Nội dung liên quan bí mật nhà nước.', pending).ok, true);
    for (const a of ['publish', 'withhold_publication'] as const) {
      const d = decidePetition('answered', a, 'supervisor', 'x', decided);
      assert.equal(!d.ok && d.reason, 'condition');
      assert.equal(decidePetition('answered', a, 'officer', 'x', pending).ok, false);
    }
  });
});
