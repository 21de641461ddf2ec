/** The portal's payload builders and the table of events sent (pure). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { dossierItem, portalChannel, portalDate, progressRow } from '../../src/domain/portal-payload.js';
import { vnInstant } from '../../src/domain/time.js';
import { ACTIONS } from '../../src/domain/workflow.js';
import { eventLabel } from '../../src/features/dossiers/event-labels.js';
import { PORTAL_EVENTS, portalKindOf } from '../../src/features/portal/portal-events.js';
import { holdReasonOf } from '../../src/features/portal/portal-sync.repo.js';
import { ITEM_FIELDS, PROGRESS_FIELDS } from '../helpers/dvcqg-peer.js';

test('dates are yyyyMMddHHmmss in Vietnam time, whatever the instant; none is ""', () => {
  assert.equal(portalDate(new Date('2026-12-31T17:30:05Z')), '20270101003005');
  assert.equal(portalDate(vnInstant('2026-11-25', '10:00')), '20261125100000');
  assert.equal(portalDate(null), '');
});

test('KenhThucHien: counter 1, online 2, post 3', () => {
  assert.deepEqual(['counter', 'online', 'post'].map(portalChannel), [1, 2, 3]);
});

test("the item and the progress row carry exactly the contract's fields", () => {
  const item = dossierItem(
    {
      code: 'X',
      channel: 'post',
      applicantKind: 'organisation',
      applicantName: 'Công ty A',
      idNumber: '075190001234',
      organisationCode: '3600123456',
      email: null,
      phone: '0987654321',
      procedureName: 'Thủ tục',
      receivedAt: vnInstant('2026-11-25', '10:00'),
      dueAt: vnInstant('2026-11-30', '10:00'),
      returnedAt: null,
      finishedAt: null,
      resultDelivery: 'post',
      processingAgencyName: 'UBND',
      outcomeNote: null,
    },
    { procedureCode: '1.001612', fieldCode: 'F', fieldName: 'Lĩnh vực' },
    2,
    [],
  );
  assert.deepEqual(Object.keys(item).sort(), ITEM_FIELDS);
  assert.deepEqual([item.KenhThucHien, item.LoaiDoiTuong, item.MaDoiTuong, item.HinhThuc, item.Email], [3, 2, '3600123456', 1, '']);
  const row = progressRow({ code: 'X', actorName: null, actorTitle: null, at: vnInstant('2026-11-25', '10:00'), department: 'UBND', content: 'Nhận xử lý', status: 4, dueAt: null });
  assert.deepEqual(Object.keys(row).sort(), PROGRESS_FIELDS);
  assert.equal(row.NgayKetThucTheoQuyDinh, '');
});

test('every event type motcua appends is decided (sent or not) in the one table', () => {
  for (const a of ACTIONS) assert.ok(Object.hasOwn(PORTAL_EVENTS, a), `action ${a}`);
  // Every labelled event type (event-labels.ts) is in the table: a label exists for each type appended.
  for (const type of Object.keys(PORTAL_EVENTS)) assert.notEqual(eventLabel(type), '', type);
  assert.equal(portalKindOf('question_asked'), null);
  assert.equal(portalKindOf('zalo_linked'), null);
  assert.equal(portalKindOf('overdue'), null);
  assert.equal(portalKindOf('no_such_event'), null);
  assert.equal(portalKindOf('apology_issued'), 'appointment');
  assert.equal(portalKindOf('void'), 'cancelled');
});

test('held: the agency without a unit code first, then the procedure without a field code', () => {
  assert.equal(holdReasonOf({ unitCode: null, fieldCode: null }), 'agency_unmapped');
  assert.equal(holdReasonOf({ unitCode: ' ', fieldCode: 'F' }), 'agency_unmapped');
  assert.equal(holdReasonOf({ unitCode: 'U', fieldCode: null }), 'procedure_unmapped');
  assert.equal(holdReasonOf({ unitCode: 'U', fieldCode: 'F' }), null);
});

test('DVCQG_MODE=on without the URL and credentials is a ConfigError naming each; dry run needs none', () => {
  assert.throws(() => loadConfig({ DVCQG_MODE: 'on' }), (e: Error) => ['DVCQG_URL', 'DVCQG_PROVINCE_CODE', 'DVCQG_USERNAME', 'DVCQG_PASSWORD'].every((v) => e.message.includes(`${v}: required when DVCQG_MODE=on`)));
  assert.equal(loadConfig({ DVCQG_MODE: 'dry_run' }).portal.connection, null);
  assert.equal(loadConfig({}).portal.mode, 'off');
  assert.throws(() => loadConfig({ DVCQG_MODE: 'sometimes' }), /DVCQG_MODE/);
});
