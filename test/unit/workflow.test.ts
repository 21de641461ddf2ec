import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { ROLES, type Role } from '../../src/domain/roles.js';
import { DOSSIER_STATUSES, type DossierStatus } from '../../src/domain/status.js';
import { vnInstant } from '../../src/domain/time.js';
import {
  ACTIONS,
  CONDITIONS,
  actedOnIn,
  supplementRequestsIn,
  SUPPLEMENT_ONCE_MESSAGE,
  TRANSITIONS,
  availableActions,
  classifyCompletion,
  decide,
  needsOverride,
  queueTag,
  supplementRound,
  type Action,
  type ActionContext,
  type Condition,
} from '../../src/domain/workflow.js';

/**
 * The whole state machine, written out by hand: for each action, the statuses it starts
 * from, where it leads and who may take it. Every (status, action, role) outside this
 * table must be refused. Conditions beyond status and role are tested below, one by one;
 * the table is checked in a context where every condition holds.
 */
const EXPECTED: Record<Action, { from: DossierStatus[]; to: DossierStatus; roles: Role[]; note: boolean }> = {
  take: { from: ['received', 'in_progress'], to: 'in_progress', roles: ['officer', 'supervisor'], note: false },
  assign: { from: ['received', 'in_progress'], to: 'in_progress', roles: ['officer', 'supervisor'], note: false },
  request_supplement: { from: ['received', 'in_progress'], to: 'awaiting_supplement', roles: ['officer', 'supervisor'], note: true },
  receive_supplement: { from: ['awaiting_supplement'], to: 'in_progress', roles: ['clerk', 'officer', 'supervisor'], note: false },
  pause: { from: ['in_progress'], to: 'paused', roles: ['officer', 'supervisor'], note: true },
  resume: { from: ['paused'], to: 'in_progress', roles: ['officer', 'supervisor'], note: false },
  refuse: { from: ['received', 'in_progress', 'awaiting_supplement', 'paused'], to: 'refused', roles: ['officer', 'supervisor'], note: true },
  withdraw: { from: ['received', 'in_progress', 'awaiting_supplement', 'paused'], to: 'withdrawn', roles: ['clerk', 'supervisor'], note: true },
  mark_result_ready: { from: ['received', 'in_progress'], to: 'result_ready', roles: ['clerk', 'officer', 'supervisor'], note: false },
  return_result: { from: ['result_ready'], to: 'returned', roles: ['clerk'], note: true },
  void: { from: ['received'], to: 'voided', roles: ['clerk', 'supervisor'], note: true },
};

const ME = 7;
const AGENCY = 3;

/** A context where every condition holds for staff member ME of AGENCY (who received it today, for a counter procedure). */
function ctx(over: Partial<ActionContext> = {}): ActionContext {
  return {
    staffId: ME,
    staffAgencyId: AGENCY,
    holderId: null,
    assignedAgencyId: AGENCY,
    receivingAgencyId: AGENCY,
    receivedBy: ME,
    receivedOn: '2026-12-01',
    today: '2026-12-01',
    resultAtCounter: true,
    actedOn: false,
    supplementRequests: 0,
    ...over,
  };
}

/** The fields some actions need besides the note (a supplement request's reason). */
const FIELDS = { reason: 'Hồ sơ thiếu giấy tờ theo quy định' };

/** The all-conditions-hold context, except that an officer forwarding must hold the dossier. */
function permissive(action: Action, role: Role): ActionContext {
  return action === 'assign' && role === 'officer' ? ctx({ holderId: ME }) : ctx();
}

describe('state machine: every (status, action, role)', () => {
  for (const status of DOSSIER_STATUSES) {
    for (const action of ACTIONS) {
      for (const role of ROLES) {
        const e = EXPECTED[action];
        const allowed = e.from.includes(status) && e.roles.includes(role);
        test(`${status} × ${action} × ${role} → ${allowed ? e.to : 'refused'}`, () => {
          const d = decide(status, action, role, 'ghi chú', permissive(action, role), FIELDS);
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

/** Refused for this condition, with its message. */
function refusedFor(d: ReturnType<typeof decide>, condition: Condition) {
  assert.ok(!d.ok, 'refused');
  assert.equal(d.reason, 'condition');
  assert.equal(d.condition, condition);
  assert.equal(d.message, CONDITIONS[condition].message);
  assert.match(d.message, /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/, 'Vietnamese');
}

describe('conditions (the `when` column)', () => {
  test('every rule names only known conditions, and the table says which', () => {
    assert.deepEqual(TRANSITIONS.take.when, ['in_assigned_agency', 'not_held']);
    assert.deepEqual(TRANSITIONS.assign.when, ['officer_holds']);
    assert.deepEqual(TRANSITIONS.mark_result_ready.when, ['clerk_counter_result', 'received_counter_result']);
    assert.deepEqual(TRANSITIONS.void.when, ['receiver_or_supervisor', 'received_today', 'not_acted_on']);
    assert.deepEqual(TRANSITIONS.request_supplement.when, ['supplement_once']);
    for (const a of ACTIONS) for (const c of TRANSITIONS[a].when) assert.ok(c in CONDITIONS, `${a}: ${c}`);
  });

  test('take: only staff of the agency whose queue holds it', () => {
    assert.ok(decide('received', 'take', 'officer', null, ctx()).ok);
    assert.ok(decide('received', 'take', 'supervisor', null, ctx()).ok);
    refusedFor(decide('received', 'take', 'officer', null, ctx({ assignedAgencyId: AGENCY + 1 })), 'in_assigned_agency');
    refusedFor(decide('received', 'take', 'officer', null, ctx({ assignedAgencyId: null })), 'in_assigned_agency');
  });

  test('take: only while no one holds it (received, or in progress without a person)', () => {
    assert.ok(decide('in_progress', 'take', 'officer', null, ctx({ holderId: null })).ok);
    refusedFor(decide('received', 'take', 'officer', null, ctx({ holderId: 99 })), 'not_held');
    refusedFor(decide('in_progress', 'take', 'officer', null, ctx({ holderId: ME })), 'not_held');
  });

  test('assign: supervisors assign; an officer only forwards what they hold; never the clerk', () => {
    assert.ok(decide('received', 'assign', 'supervisor', null, ctx()).ok);
    assert.ok(decide('in_progress', 'assign', 'officer', null, ctx({ holderId: ME })).ok);
    refusedFor(decide('in_progress', 'assign', 'officer', null, ctx({ holderId: 99 })), 'officer_holds');
    refusedFor(decide('received', 'assign', 'officer', null, ctx({ holderId: null })), 'officer_holds');
    const clerk = decide('received', 'assign', 'clerk', null, ctx());
    assert.ok(!clerk.ok && clerk.reason === 'wrong_role');
  });

  test('mark_result_ready: the clerk only for a counter procedure; from received only for a counter procedure', () => {
    assert.ok(decide('received', 'mark_result_ready', 'clerk', null, ctx({ resultAtCounter: true })).ok);
    assert.ok(decide('in_progress', 'mark_result_ready', 'clerk', null, ctx({ resultAtCounter: true })).ok);
    refusedFor(decide('received', 'mark_result_ready', 'clerk', null, ctx({ resultAtCounter: false })), 'clerk_counter_result');
    refusedFor(decide('in_progress', 'mark_result_ready', 'clerk', null, ctx({ resultAtCounter: false })), 'clerk_counter_result');
    assert.ok(decide('in_progress', 'mark_result_ready', 'officer', null, ctx({ resultAtCounter: false })).ok);
    refusedFor(decide('received', 'mark_result_ready', 'officer', null, ctx({ resultAtCounter: false })), 'received_counter_result');
  });

  test('void: the receiving clerk or a supervisor of the receiving agency', () => {
    assert.ok(decide('received', 'void', 'clerk', 'Nhập nhầm thủ tục', ctx()).ok);
    refusedFor(decide('received', 'void', 'clerk', 'Nhập nhầm', ctx({ receivedBy: ME + 1 })), 'receiver_or_supervisor');
    assert.ok(decide('received', 'void', 'supervisor', 'Nhập nhầm', ctx({ receivedBy: ME + 1 })).ok);
    refusedFor(decide('received', 'void', 'supervisor', 'Nhập nhầm', ctx({ receivedBy: ME + 1, receivingAgencyId: AGENCY + 1 })), 'receiver_or_supervisor');
    const officer = decide('received', 'void', 'officer', 'Nhập nhầm', ctx());
    assert.ok(!officer.ok && officer.reason === 'wrong_role');
  });

  test('void: only on the day of receipt (Vietnam date) and only when no one acted on it', () => {
    refusedFor(decide('received', 'void', 'clerk', 'Nhập nhầm', ctx({ receivedOn: '2026-11-30' })), 'received_today');
    refusedFor(decide('received', 'void', 'clerk', 'Nhập nhầm', ctx({ actedOn: true })), 'not_acted_on');
    const status = decide('in_progress', 'void', 'clerk', 'Nhập nhầm', ctx());
    assert.ok(!status.ok && status.reason === 'wrong_status');
  });

  test('void needs a reason', () => {
    const d = decide('received', 'void', 'clerk', '  ', ctx());
    assert.ok(!d.ok && d.reason === 'note_required');
    assert.equal(d.message, 'Nhập lý do hủy tiếp nhận.');
  });

  test('conditions are checked before the note: who may act is said first', () => {
    refusedFor(decide('received', 'void', 'clerk', null, ctx({ actedOn: true })), 'not_acted_on');
  });
});

describe('supplement once (Decree 118/2025 art. 11(2))', () => {
  const items = 'Bản sao giấy khai sinh\nTờ khai có chữ ký';

  test('the first request: the list and the specific reason, by an officer or a supervisor, no override', () => {
    for (const role of ['officer', 'supervisor'] as const) {
      const d = decide('in_progress', 'request_supplement', role, items, ctx(), FIELDS);
      assert.ok(d.ok, role);
      assert.equal(d.ok && d.override, false);
    }
  });

  test('the request needs its specific reason; a blank reason counts as missing', () => {
    for (const reason of [undefined, null, '', '   ']) {
      const d = decide('in_progress', 'request_supplement', 'officer', items, ctx(), { reason });
      assert.ok(!d.ok, String(reason));
      assert.equal(!d.ok && d.reason, 'reason_required');
      assert.equal(!d.ok && d.field, 'reason');
      assert.equal(!d.ok && d.message, 'Nhập lý do yêu cầu bổ sung (cụ thể).');
    }
    // The list is asked first (the note), then the reason.
    const noList = decide('in_progress', 'request_supplement', 'officer', ' ', ctx(), {});
    assert.ok(!noList.ok && noList.reason === 'note_required' && noList.field === 'note');
  });

  test('a second request is refused to an officer, with the Decree 118 message', () => {
    for (const status of ['received', 'in_progress'] as const) {
      const d = decide(status, 'request_supplement', 'officer', items, ctx({ supplementRequests: 1 }), { ...FIELDS, overrideReason: 'Tôi muốn' });
      refusedFor(d, 'supplement_once');
      assert.equal(!d.ok && d.message, SUPPLEMENT_ONCE_MESSAGE);
      assert.match(SUPPLEMENT_ONCE_MESSAGE, /^Theo Nghị định 118\/2025, hồ sơ chỉ được yêu cầu bổ sung một lần/);
    }
    assert.ok(!availableActions('in_progress', 'officer', ctx({ holderId: ME, supplementRequests: 1 })).includes('request_supplement'));
    assert.ok(availableActions('in_progress', 'officer', ctx({ holderId: ME, supplementRequests: 0 })).includes('request_supplement'));
  });

  test('a supervisor may override, only with a reason for it', () => {
    const c = ctx({ supplementRequests: 1 });
    const without = decide('in_progress', 'request_supplement', 'supervisor', items, c, FIELDS);
    assert.ok(!without.ok);
    assert.equal(!without.ok && without.reason, 'override_required');
    assert.equal(!without.ok && without.field, 'override_reason');
    assert.match(!without.ok ? without.message : '', /đã được yêu cầu bổ sung 1 lần.*lần 2/);
    const blank = decide('in_progress', 'request_supplement', 'supervisor', items, c, { ...FIELDS, overrideReason: '  ' });
    assert.ok(!blank.ok && blank.reason === 'override_required');
    const allowed = decide('in_progress', 'request_supplement', 'supervisor', items, c, { ...FIELDS, overrideReason: 'Văn bản mới của Sở yêu cầu thêm giấy tờ' });
    assert.ok(allowed.ok);
    assert.equal(allowed.ok && allowed.override, true);
    assert.ok(availableActions('in_progress', 'supervisor', c).includes('request_supplement'));
  });

  test('rounds: 1 for the first request, one more per request made', () => {
    assert.equal(supplementRound(ctx()), 1);
    assert.equal(supplementRound(ctx({ supplementRequests: 1 })), 2);
    assert.equal(supplementRound(ctx({ supplementRequests: 2 })), 3);
    assert.equal(needsOverride('request_supplement', ctx()), false);
    assert.equal(needsOverride('request_supplement', ctx({ supplementRequests: 1 })), true);
    // Other actions never need the override, whatever the count.
    assert.equal(needsOverride('pause', ctx({ supplementRequests: 3 })), false);
    assert.ok(decide('in_progress', 'pause', 'officer', 'Chờ nộp lệ phí', ctx({ supplementRequests: 3 })).ok);
  });
});

describe('decide', () => {
  test('a required note is enforced, blank notes count as missing', () => {
    for (const action of ACTIONS) {
      const e = EXPECTED[action];
      const d = decide(e.from[0]!, action, e.roles[0]!, '   ', permissive(action, e.roles[0]!));
      assert.equal(d.ok, !e.note, action);
      if (!d.ok) assert.equal(d.reason, 'note_required');
    }
  });

  test('unknown actions are refused', () => {
    const d = decide('received', 'delete_everything', 'admin', null, ctx());
    assert.deepEqual(d, { ok: false, reason: 'unknown_action', message: 'Thao tác không hợp lệ.' });
  });

  test('messages name the action and the current status in Vietnamese', () => {
    const d = decide('returned', 'mark_result_ready', 'officer', null, ctx());
    assert.ok(!d.ok);
    assert.equal(d.message, 'Không thể thực hiện “Đã có kết quả” khi hồ sơ đang ở trạng thái “Đã trả kết quả”.');
  });

  test('availableActions lists exactly what decide() accepts (with a note), in every context tried', () => {
    const contexts = [
      ctx(),
      ctx({ holderId: ME }),
      ctx({ holderId: 99 }),
      ctx({ assignedAgencyId: AGENCY + 1 }),
      ctx({ resultAtCounter: false }),
      ctx({ receivedBy: ME + 1 }),
      ctx({ receivingAgencyId: AGENCY + 1, receivedBy: ME + 1 }),
      ctx({ receivedOn: '2026-11-30' }),
      ctx({ actedOn: true }),
      ctx({ supplementRequests: 1 }),
      ctx({ holderId: ME, supplementRequests: 2 }),
    ];
    for (const c of contexts) {
      for (const status of DOSSIER_STATUSES) {
        for (const role of ROLES) {
          // A supervisor's further supplement request is available (its override reason is asked on the form).
          const expected = ACTIONS.filter((a) => decide(status, a, role, 'ghi chú', c, { ...FIELDS, overrideReason: 'lý do' }).ok);
          assert.deepEqual(availableActions(status, role, c), expected, `${status}/${role}/${JSON.stringify(c)}`);
        }
      }
    }
  });

  test('the table in a context where every condition holds', () => {
    for (const status of DOSSIER_STATUSES) {
      for (const role of ROLES) {
        const expected = ACTIONS.filter((a) => EXPECTED[a].from.includes(status) && EXPECTED[a].roles.includes(role) && !(a === 'assign' && role === 'officer'));
        assert.deepEqual(availableActions(status, role, ctx()), expected, `${status}/${role}`);
      }
    }
  });

  test('finished and voided dossiers accept no action from anyone', () => {
    for (const status of ['returned', 'refused', 'withdrawn', 'voided'] as const) for (const role of ROLES) assert.deepEqual(availableActions(status, role, ctx()), []);
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

describe('the context from a dossier history already read (the dossier page)', () => {
  test('acted on: an act by staff after the receipt counts; the receipt, its prints and the system do not', () => {
    assert.equal(actedOnIn([]), false);
    assert.equal(actedOnIn([{ type: 'received', actorId: 3 }, { type: 'receipt_printed', actorId: 3 }, { type: 'overdue', actorId: null }]), false);
    assert.equal(actedOnIn([{ type: 'received', actorId: 3 }, { type: 'take', actorId: 4 }]), true);
  });
  test('supplement requests: the supplement pauses, not the others', () => {
    assert.equal(supplementRequestsIn([]), 0);
    assert.equal(supplementRequestsIn([{ kind: 'other' }, { kind: 'supplement' }, { kind: 'supplement' }]), 2);
  });
});
