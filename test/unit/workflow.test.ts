import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { ROLES, type Role } from '../../src/domain/roles.js';
import { DOSSIER_STATUSES, type DossierStatus } from '../../src/domain/status.js';
import { vnInstant } from '../../src/domain/time.js';
import { ACTIONS, availableActions, classifyCompletion, decide, queueTag, type Action } from '../../src/domain/workflow.js';

/**
 * The whole state machine, written out by hand: for each action, the statuses it starts
 * from, where it leads and who may take it. Every (status, action, role) outside this
 * table must be refused.
 */
const EXPECTED: Record<Action, { from: DossierStatus[]; to: DossierStatus; roles: Role[]; note: boolean }> = {
  assign: { from: ['received', 'in_progress'], to: 'in_progress', roles: ['clerk', 'officer', 'supervisor'], note: false },
  request_supplement: { from: ['received', 'in_progress'], to: 'awaiting_supplement', roles: ['officer', 'supervisor'], note: true },
  receive_supplement: { from: ['awaiting_supplement'], to: 'in_progress', roles: ['clerk', 'officer', 'supervisor'], note: false },
  pause: { from: ['in_progress'], to: 'paused', roles: ['officer', 'supervisor'], note: true },
  resume: { from: ['paused'], to: 'in_progress', roles: ['officer', 'supervisor'], note: false },
  refuse: { from: ['received', 'in_progress', 'awaiting_supplement', 'paused'], to: 'refused', roles: ['officer', 'supervisor'], note: true },
  withdraw: { from: ['received', 'in_progress', 'awaiting_supplement', 'paused'], to: 'withdrawn', roles: ['clerk', 'supervisor'], note: true },
  mark_result_ready: { from: ['in_progress'], to: 'result_ready', roles: ['officer', 'supervisor'], note: false },
  return_result: { from: ['result_ready'], to: 'returned', roles: ['clerk'], note: true },
};

describe('state machine: every (status, action, role)', () => {
  for (const status of DOSSIER_STATUSES) {
    for (const action of ACTIONS) {
      for (const role of ROLES) {
        const e = EXPECTED[action];
        const allowed = e.from.includes(status) && e.roles.includes(role);
        test(`${status} × ${action} × ${role} → ${allowed ? e.to : 'refused'}`, () => {
          const d = decide(status, action, role, 'ghi chú');
          if (allowed) {
            assert.ok(d.ok, JSON.stringify(d));
            assert.equal(d.ok && d.to, e.to);
          } else {
            assert.equal(d.ok, false);
            assert.ok(!d.ok && d.message.length > 10, 'a clear message');
            assert.equal(!d.ok && d.reason, e.roles.includes(role) ? 'wrong_status' : 'wrong_role');
          }
        });
      }
    }
  }
});

describe('decide', () => {
  test('a required note is enforced, blank notes count as missing', () => {
    for (const action of ACTIONS) {
      const e = EXPECTED[action];
      const d = decide(e.from[0]!, action, e.roles[0]!, '   ');
      assert.equal(d.ok, !e.note, action);
      if (!d.ok) assert.equal(d.reason, 'note_required');
    }
  });

  test('unknown actions are refused', () => {
    const d = decide('received', 'delete_everything', 'admin', null);
    assert.deepEqual(d, { ok: false, reason: 'unknown_action', message: 'Thao tác không hợp lệ.' });
  });

  test('messages name the action and the current status in Vietnamese', () => {
    const d = decide('returned', 'mark_result_ready', 'officer', null);
    assert.ok(!d.ok);
    assert.equal(d.message, 'Không thể thực hiện “Đã có kết quả” khi hồ sơ đang ở trạng thái “Đã trả kết quả”.');
  });

  test('availableActions lists exactly the allowed actions', () => {
    for (const status of DOSSIER_STATUSES) {
      for (const role of ROLES) {
        const expected = ACTIONS.filter((a) => EXPECTED[a].from.includes(status) && EXPECTED[a].roles.includes(role));
        assert.deepEqual(availableActions(status, role), expected, `${status}/${role}`);
      }
    }
  });

  test('finished dossiers accept no action from anyone', () => {
    for (const status of ['returned', 'refused', 'withdrawn'] as const) for (const role of ROLES) assert.deepEqual(availableActions(status, role), []);
  });
});

describe('classification and queue tags', () => {
  test('completion is compared by Vietnam calendar date', () => {
    const due = vnInstant('2026-11-26', '09:00');
    assert.equal(classifyCompletion(vnInstant('2026-11-25', '16:00'), due), 'early');
    assert.equal(classifyCompletion(vnInstant('2026-11-26', '16:59'), due), 'on_time');
    assert.equal(classifyCompletion(vnInstant('2026-11-26', '00:30'), due), 'on_time');
    assert.equal(classifyCompletion(vnInstant('2026-11-27', '08:00'), due), 'late');
    // 23:30 UTC on the 25th is already the 26th in Vietnam.
    assert.equal(classifyCompletion(new Date('2026-11-25T23:30:00Z'), due), 'on_time');
  });

  test('queue tags: paused, overdue, due soon within one working day, on track', () => {
    const cal = new WorkingCalendar([]);
    const due = vnInstant('2026-11-26', '09:00'); // Thursday
    const day = cal.dayLengthMs;
    assert.equal(queueTag(cal, vnInstant('2026-11-23', '09:00'), 'in_progress', due, day), 'on_track');
    assert.equal(queueTag(cal, vnInstant('2026-11-25', '09:00'), 'in_progress', due, day), 'due_soon');
    assert.equal(queueTag(cal, vnInstant('2026-11-26', '09:01'), 'in_progress', due, day), 'overdue');
    assert.equal(queueTag(cal, vnInstant('2026-11-26', '09:01'), 'awaiting_supplement', due, day), 'paused');
  });
});
