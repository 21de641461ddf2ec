/**
 * Issue 20: every report page shows, in its period picker, the period it was computed for
 * (also when none was asked for), its export links carry exactly that period and the
 * filters applied (no "?&dinh_dang="), and every word of every column header comes out of
 * the PDF whole (pdftotext), never cut between letters ("c huyển").
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import { paths } from '../../src/web/paths.js';
import { binaryParser, buildTestApp, createStaff, pdfText, signIn, type TestApp } from '../helpers/app.js';
import { insertDossier } from '../helpers/fixtures.js';

const WARD = '000.31.01.H26';
const CENTRE = '000.00.01.H26';

/** The reports with a period, and the one without. */
const PERIOD_REPORTS = ['ket-qua-giai-quyet', 'can-bo', 'tai-quay', 'hai-long', 'cau-hoi', 'phan-anh-kien-nghi', 'so-theo-doi'];
const ALL_REPORTS = [...PERIOD_REPORTS, 'qua-han'];

const unescape = (s: string) => s.replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The value of the input `name` and whether it is disabled. */
function field(html: string, name: string): { value: string; disabled: boolean } {
  const m = new RegExp(`<input[^>]* id="${name}"[^>]*>`).exec(html);
  assert.ok(m, `the picker has the field ${name}`);
  return { value: unescape(/ value="([^"]*)"/.exec(m[0])?.[1] ?? ''), disabled: / disabled/.test(m[0]) };
}

/** One CSV line's fields (RFC 4180 quoting). */
function csvRow(line: string): string[] {
  return [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) => (m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!));
}

/** The export links (format → href), as the browser reads them. */
function exportLinks(html: string): Record<string, string> {
  const links: Record<string, string> = {};
  for (const m of html.matchAll(/<a class="button button-secondary" href="([^"]*)">Tải ([^<]*)<\/a>/g)) links[m[2]!] = unescape(m[1]!);
  return links;
}

describe('report pages: the period shown, the export links, whole words in the PDF header', () => {
  let t: TestApp;
  let head: Awaited<ReturnType<typeof signIn>>;
  let control: Awaited<ReturnType<typeof signIn>>;
  let officerId: number;

  before(async () => {
    // Tuesday 1 December 2026.
    t = await buildTestApp({ now: vnInstant('2026-12-01', '09:00') });
    const clerk = await createStaff(t.db, 'clerk', 'clerk', WARD);
    officerId = await createStaff(t.db, 'officer', 'officer', WARD, 'Trần Minh Khoa');
    await createStaff(t.db, 'head', 'supervisor', WARD);
    await createStaff(t.db, 'control', 'supervisor', CENTRE);
    await insertDossier(t.db, clerk, { received: '2026-11-10', due: '2026-11-13', finished: '2026-11-13', status: 'returned', completion: 'on_time', completedBy: officerId });
    await insertDossier(t.db, clerk, { received: '2026-11-20', due: '2026-11-25', status: 'in_progress' });
    await insertDossier(t.db, clerk, { received: '2026-12-01', due: '2026-12-04', status: 'in_progress' });
    head = await signIn(t.http, 'head');
    control = await signIn(t.http, 'control');
  });
  after(() => t.cleanup());

  test('opened without a period: the picker shows this month, and the exports are of this month', async () => {
    for (const slug of PERIOD_REPORTS) {
      const who = slug === 'phan-anh-kien-nghi' ? control : head;
      const res = await who.agent.get(paths.reports.show(slug)).expect(200);
      assert.match(res.text, /Tháng 12\/2026/, slug);
      assert.match(res.text, /<option value="thang" selected>/, `${slug}: the kind is month`);
      assert.deepEqual(field(res.text, 'thang'), { value: '12/2026', disabled: false }, `${slug}: the month field shows the month of the report`);
      const links = exportLinks(res.text);
      assert.deepEqual(Object.keys(links).sort(), ['CSV', 'Excel (XLSX)', 'PDF'], slug);
      for (const [label, href] of Object.entries(links)) {
        assert.doesNotMatch(href, /\?&|&&|=&|=$/, `${slug} ${label}: ${href}`);
        const url = new URL(href, 'http://x');
        assert.equal(url.pathname, paths.reports.show(slug));
        assert.deepEqual([...url.searchParams.keys()].sort(), ['dinh_dang', 'ky', 'thang'], `${slug} ${label}: ${href}`);
        const file = await who.agent.get(href).buffer(true).parse(binaryParser).expect(200);
        assert.match(file.headers['content-disposition'] ?? '', new RegExp(`bao-cao-${slug}-2026-12-01-2026-12-31\\.`), `${slug} ${label}`);
      }
    }
  });

  test('the period written back as the hints write it; the filters applied carried, nothing else', async () => {
    const url = paths.reports.show('ket-qua-giai-quyet');
    const quarter = await head.agent.get(url).query({ ky: 'quy', quy: '2026-4' }).expect(200);
    assert.deepEqual(field(quarter.text, 'quy'), { value: 'IV/2026', disabled: false });
    const year = await head.agent.get(url).query({ ky: 'nam' }).expect(200);
    assert.deepEqual(field(year.text, 'nam'), { value: '2026', disabled: false });
    // A custom range with no dates is the last 30 days, today included.
    const custom = await head.agent.get(url).query({ ky: 'tuy-chon' }).expect(200);
    assert.deepEqual(field(custom.text, 'tu_ngay'), { value: '02/11/2026', disabled: false });
    assert.deepEqual(field(custom.text, 'den_ngay'), { value: '01/12/2026', disabled: false });
    assert.equal(new URL(exportLinks(custom.text).PDF!, 'http://x').search, '?ky=tuy-chon&tu_ngay=02%2F11%2F2026&den_ngay=01%2F12%2F2026&dinh_dang=pdf');

    const filtered = await head.agent
      .get(paths.reports.show('can-bo'))
      .query({ ky: 'thang', thang: '2026-11', thu_tuc: '1.001612', can_bo: String(officerId), dinh_dang: '', utm: 'x' })
      .expect(200);
    const csv = new URL(exportLinks(filtered.text).CSV!, 'http://x');
    assert.deepEqual(Object.fromEntries(csv.searchParams), { ky: 'thang', thang: '11/2026', thu_tuc: '1.001612', can_bo: String(officerId), dinh_dang: 'csv' });

    // The counter report has no officer filter: the officer is not carried.
    const counter = await head.agent.get(paths.reports.show('tai-quay')).query({ ky: 'thang', thang: '11/2026', can_bo: String(officerId) }).expect(200);
    assert.equal(new URL(exportLinks(counter.text).CSV!, 'http://x').searchParams.has('can_bo'), false);

    // The overdue report has no period.
    const overdue = await head.agent.get(paths.reports.show('qua-han')).expect(200);
    assert.equal(exportLinks(overdue.text).PDF, `${paths.reports.show('qua-han')}?dinh_dang=pdf`);
  });

  test('every word of every column header is whole in the PDF', async () => {
    for (const slug of ALL_REPORTS) {
      const who = slug === 'phan-anh-kien-nghi' ? control : head;
      const query = slug === 'qua-han' ? {} : { ky: 'quy', quy: 'IV/2026' };
      // The column headers as the CSV export writes them (its first line).
      const csv = await who.agent.get(paths.reports.show(slug)).query({ ...query, dinh_dang: 'csv' }).buffer(true).parse(binaryParser).expect(200);
      const headers = csvRow((csv.body as Buffer).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0]!);
      assert.ok(headers.length >= 3, `${slug}: the column headers`);
      const pdf = await who.agent.get(paths.reports.show(slug)).query({ ...query, dinh_dang: 'pdf' }).buffer(true).parse(binaryParser).expect(200);
      const words = new Set(pdfText(pdf.body as Buffer).split(/\s+/));
      for (const header of headers) {
        for (const word of header.split(/\s+/)) assert.ok(words.has(word), `${slug}: "${word}" of the header "${header}" is cut in the PDF`);
      }
    }
  });
});
