/**
 * The bulk generator's plans are lives the state machine accepts, whatever the draw: checked
 * over many seeds for a short procedure, where the officer often takes the dossier after its
 * appointment and a pause then leaves the appointment where it was.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { DEFAULT_DEADLINE_RULES, computeAppointment, type ProcessingTime } from '../../src/domain/deadline.js';
import { MINUTE_MS, vnInstant } from '../../src/domain/time.js';
import { live } from '../../tools/bulk/life.js';
import { planSteps, type Outcome } from '../../tools/bulk/plan.js';
import { Prng } from '../../tools/bulk/prng.js';
import type { AgencyCtx, StaffRef } from '../../tools/bulk/setup.js';
import { Batch, emptyStats } from '../../tools/bulk/simulate.js';

const cal = new WorkingCalendar([]);
const staff = (id: number, role: StaffRef['role']): StaffRef => ({ id, role, agencyId: 7, ip: `10.0.0.${id}` });
const clerk = staff(1, 'clerk');
const officers = [staff(2, 'officer'), staff(4, 'officer')];
const supervisor = staff(3, 'supervisor');
const agency: AgencyCtx = { id: 7, eid: '000.31.01.H26', kind: 'commune', placeName: 'Trấn Biên', placeKind: 'phường', weight: 1, clerks: [clerk], officers, supervisors: [supervisor] };
const time: ProcessingTime = { unit: 'working_hours', amount: 1 };
// Monday 2025-12-08, 10:44 in Vietnam: the hour ends before most officers take it.
const R = vnInstant('2025-12-08', '10:44').getTime();
const due0 = computeAppointment(cal, time, new Date(R), [], DEFAULT_DEADLINE_RULES).getTime();
const asOf = R + 60 * 24 * 60 * MINUTE_MS;

describe('bulk generator: planned lives', () => {
  it('every plan of a one-hour procedure is accepted by the state machine, the result after the pause that preceded it', () => {
    let lateAfterPause = 0;
    for (let seed = 1; seed <= 20_000; seed++) {
      const outcome: Outcome = seed % 2 ? 'returned' : 'result_ready';
      const steps = planSteps({
        rng: new Prng(seed),
        cal,
        rules: DEFAULT_DEADLINE_RULES,
        asOf,
        early: 0.7,
        onTime: 0.25,
        agency,
        time,
        extensionDays: 1,
        receivedAt: R,
        due0,
        outcome,
        channel: 'counter',
        delivery: 'counter',
        person: { name: 'Nguyễn Văn An', idNumber: '075200001234' },
        clerk,
        officer: officers[seed % 2]!,
        supervisor,
      });
      const resumed = Math.max(0, ...steps.filter((s) => s.kind === 'receive_supplement' || s.kind === 'resume').map((s) => s.t));
      const result = steps.find((s) => s.kind === 'mark_result_ready');
      assert.ok(result, `seed ${seed}: a result is planned`);
      assert.ok(result.t > resumed, `seed ${seed}: the result comes after the pause ends`);
      if (resumed > 0 && steps.some((s) => s.kind === 'overdue')) lateAfterPause++;
      const life = live(
        { cal, rules: DEFAULT_DEADLINE_RULES, asOf, id: seed, code: `000.31.01.H26-251208-${String(seed).padStart(4, '0')}`, agency, procedure: { id: 1, code: '1.001193', unit: time.unit, amount: time.amount, extensionDays: 1, resultAtCounter: false, documents: [], receivers: [agency.id] }, time, clerk, receivedAt: R, due0 },
        steps,
        new Batch(),
        emptyStats(),
      );
      assert.equal(life.status, outcome, `seed ${seed}`);
    }
    // The draw did reach the case that broke the 4 M run: a late result after a pause.
    assert.ok(lateAfterPause > 0, 'no late result after a pause was drawn');
  });
});
