/**
 * The bulk generator applies a planned life through the state machine: a legal plan gives
 * the rows the workflow service would write, a step the state machine refuses throws.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { DEFAULT_DEADLINE_RULES, computeAppointment, type ProcessingTime } from '../../src/domain/deadline.js';
import { MINUTE_MS, vnInstant } from '../../src/domain/time.js';
import { live, type LifeInput } from '../../tools/bulk/life.js';
import type { Step } from '../../tools/bulk/plan.js';
import type { AgencyCtx, StaffRef } from '../../tools/bulk/setup.js';
import { Batch, emptyStats } from '../../tools/bulk/simulate.js';

const cal = new WorkingCalendar([]);
const staff = (id: number, role: StaffRef['role']): StaffRef => ({ id, role, agencyId: 7, ip: `10.0.0.${id}` });
const clerk = staff(1, 'clerk');
const officer = staff(2, 'officer');
const supervisor = staff(3, 'supervisor');
const agency: AgencyCtx = { id: 7, eid: '000.31.01.H26', kind: 'commune', placeName: 'Trấn Biên', placeKind: 'phường', weight: 1, clerks: [clerk], officers: [officer], supervisors: [supervisor] };
const time: ProcessingTime = { unit: 'working_days', amount: 3 };
// Monday 2026-03-02, 08:30 in Vietnam.
const R = vnInstant('2026-03-02', '08:30').getTime();
const due0 = computeAppointment(cal, time, new Date(R), [], DEFAULT_DEADLINE_RULES).getTime();
const input: LifeInput = {
  cal,
  rules: DEFAULT_DEADLINE_RULES,
  asOf: R + 30 * 24 * 60 * MINUTE_MS,
  id: 1,
  code: '000.31.01.H26-260302-0001',
  agency,
  procedure: { id: 1, code: '1.001193', unit: time.unit, amount: time.amount, extensionDays: 1, resultAtCounter: false, documents: [], receivers: [agency.id] },
  time,
  clerk,
  receivedAt: R,
  due0,
};
const at = (minutes: number) => R + minutes * MINUTE_MS;

describe('bulk generator: a planned life through the state machine', () => {
  it('a legal plan gives the status, pause, hand-over and events the workflow service would record', () => {
    const b = new Batch();
    const steps: Step[] = [
      { t: at(600), kind: 'return_result', actor: clerk, note: 'Nguyễn Văn An, CCCD 075200001234' },
      { t: at(30), kind: 'take', actor: officer, note: null },
      { t: at(60), kind: 'request_supplement', actor: officer, note: 'Chứng từ nộp lệ phí', reason: 'Chưa có chứng từ nộp lệ phí theo quy định' },
      { t: at(120), kind: 'receive_supplement', actor: clerk, note: null },
      { t: at(300), kind: 'mark_result_ready', actor: officer, note: null },
    ];
    const life = live(input, steps, b, emptyStats());
    assert.equal(life.status, 'returned');
    assert.equal(life.version, 6);
    assert.equal(life.assignedTo, officer.id);
    assert.equal(life.completedBy, officer.id);
    assert.equal(life.completion, 'early');
    assert.deepEqual(
      b.events.map((e) => [e.type, e.from_status, e.to_status, e.actor_id]),
      [
        ['received', null, 'received', clerk.id],
        ['take', 'received', 'in_progress', officer.id],
        ['request_supplement', 'in_progress', 'awaiting_supplement', officer.id],
        ['receive_supplement', 'awaiting_supplement', 'in_progress', clerk.id],
        ['mark_result_ready', 'in_progress', 'result_ready', officer.id],
        ['return_result', 'result_ready', 'returned', clerk.id],
      ],
    );
    // The first hand-over is the counter's: from the receiving clerk to the officer who took it.
    assert.deepEqual(b.handovers.map((h) => [h.from_user_id, h.to_user_id]), [[clerk.id, officer.id]]);
    assert.deepEqual(b.pauses.map((p) => [p.kind, p.request_reason, p.ended_by]), [['supplement', 'Chưa có chứng từ nộp lệ phí theo quy định', clerk.id]]);
  });

  const refused: Array<[string, Step[]]> = [
    ['a clerk assigning', [{ t: at(30), kind: 'assign', actor: clerk, toUser: officer, note: null }]],
    ['a result before anyone took it', [{ t: at(30), kind: 'mark_result_ready', actor: officer, note: null }]],
    ['a supplement request without its reason', [{ t: at(30), kind: 'take', actor: officer, note: null }, { t: at(60), kind: 'request_supplement', actor: officer, note: 'Chứng từ nộp lệ phí' }]],
    ['a second take', [{ t: at(30), kind: 'take', actor: officer, note: null }, { t: at(60), kind: 'take', actor: supervisor, note: null }]],
  ];
  for (const [what, steps] of refused) {
    it(`throws on a step the state machine refuses: ${what}`, () => {
      assert.throws(() => live(input, steps, new Batch(), emptyStats()), /the state machine refuses/);
    });
  }
});
