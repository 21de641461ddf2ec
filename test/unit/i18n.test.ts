/**
 * The public pages' translator (src/web/i18n, src/i18n.ts): every key in both languages with
 * the same placeholders, no English message holding Vietnamese, every key the views and code
 * use present (literal keys by scanning, data-driven keys by their enumerations), plural-free
 * messages with counted phrases from the formatters, dates and numbers in both languages, the
 * form messages translated by key, and one fixed translator per language.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'express';
import { CHANNELS, type ChannelTime } from '../../src/domain/national-procedure.js';
import { DOSSIER_STATUSES } from '../../src/domain/status.js';
import { feePhrase, namePhrase, timePhrase, timeText } from '../../src/features/catalogue/catalogue.present.js';
import { CHECKLIST_TEXT } from '../../src/pdf/checklist.js';
import { PETITION_KINDS, PETITION_STATUSES } from '../../src/domain/petitions.js';
import { vnInstant } from '../../src/domain/time.js';
import { COMPLETION_LABELS } from '../../src/domain/workflow.js';
import { labelledEventTypes } from '../../src/features/dossiers/event-labels.js';
import { STEP_LABELS } from '../../src/features/petitions/petition-intake.service.js';
import { CRITERIA, CRITERION_SCORES, RATING_LEVELS } from '../../src/features/ratings/rating.js';
import { CATALOGUES, mergeCatalogues, translators } from '../../src/i18n.js';
import { templates } from '../../src/messaging.js';
import { CHANNEL_LABELS } from '../../src/platform/messaging/labels.js';
import { LOOKUP_MESSAGES } from '../../src/features/public-status/public-status.schema.js';
import { MESSAGES } from '../../src/web/form.js';
import { language, negotiateLanguage } from '../../src/web/i18n/language.js';
import { MissingMessageError, placeholdersOf } from '../../src/web/i18n/translator.js';
import { VIETNAMESE } from '../helpers/page-text.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VI = mergeCatalogues('vi');
const EN = mergeCatalogues('en');

function filesUnder(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p, ext) : e.name.endsWith(ext) ? [p] : [];
  });
}

describe('the message catalogues', () => {
  test('every key is in both languages, in every catalogue, with the same placeholders, never blank', () => {
    for (const c of CATALOGUES) assert.deepEqual(Object.keys(c.en).sort(), Object.keys(c.vi).sort());
    assert.deepEqual(Object.keys(EN).sort(), Object.keys(VI).sort());
    for (const [key, vi] of Object.entries(VI)) {
      const en = EN[key]!;
      assert.ok(vi.trim() !== '' && en.trim() !== '', `"${key}" is blank`);
      assert.deepEqual(placeholdersOf(en), placeholdersOf(vi), `"${key}": placeholders differ`);
    }
  });

  test('no English message holds a Vietnamese word; Vietnamese messages are NFC', () => {
    const vietnamese = Object.entries(EN).filter(([, m]) => VIETNAMESE.test(m));
    assert.deepEqual(vietnamese, []);
    for (const [key, m] of Object.entries(VI)) assert.equal(m, m.normalize('NFC'), key);
  });

  test('messages are plural-free: no ICU plural syntax, no count placeholder glued to a noun (counts come from fmt)', () => {
    for (const [key, m] of [...Object.entries(VI), ...Object.entries(EN)]) {
      assert.doesNotMatch(m, /\{\s*\w+\s*,\s*(plural|select)/, key);
      assert.doesNotMatch(m, /\{(n|count|days|hours)\} (working )?(day|days|hour|hours|ngày|giờ)\b/u, `${key}: use fmt.workingDays/days`);
    }
  });

  test('a key declared twice is refused at start-up', () => {
    assert.throws(() => mergeCatalogues('vi', [CATALOGUES[0]!, CATALOGUES[0]!]), /declared twice/);
  });

  test('every literal key the public views and code use exists', () => {
    const used = new Set<string>();
    const sources = [...filesUnder(path.join(ROOT, 'views'), '.ejs'), ...filesUnder(path.join(ROOT, 'src'), '.ts')];
    for (const file of sources) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\b(?:t|th|\.t|\.html)\(\s*'([a-z][A-Za-z0-9_.]*)'/g)) used.add(m[1]!);
      // t(cond ? 'a' : 'b')
      for (const m of text.matchAll(/\bt\(\s*[\w.]+ \? '([a-z][\w.]*)' : '([a-z][\w.]*)'/g)) used.add(m[1]!).add(m[2]!);
    }
    assert.ok(used.size > 150, `found ${used.size} keys`);
    // A key ending in '.' is a prefix completed with data (checked with its enumeration below).
    const missing = [...used].filter((k) => VI[k] === undefined && !k.endsWith('.'));
    assert.deepEqual(missing, []);
  });

  test('every data-driven key exists: statuses, notes, events, completions, channels, messages, ratings, petitions', () => {
    const keys = [
      ...DOSSIER_STATUSES.flatMap((s) => [`status.label.${s}`, `status.note.${s}`]),
      ...labelledEventTypes().map((e) => `event.${e}`),
      ...Object.keys(COMPLETION_LABELS).map((c) => `completion.${c}`),
      ...Object.keys(CHANNEL_LABELS).map((c) => `channel.${c}`),
      ...templates.citizenKeys.map((k) => `message.${k}`),
      ...RATING_LEVELS.map((l) => `rating.level.${l}`),
      ...CRITERIA.flatMap((c) => [`rating.criterion.${c}`, `form.rating.criterion.${c}`, ...CRITERION_SCORES.map((s) => `rating.criterion.${c}.${s}`)]),
      ...PETITION_KINDS.map((k) => `petition.kind.${k}`),
      ...PETITION_STATUSES.map((s) => `petition.status.${s}`),
      ...Object.keys(STEP_LABELS).map((s) => `petition.step.${s}`),
      ...CHANNELS.map((c) => `catalogue.channel.${c}`),
      ...(['none', 'partial', 'full'] as const).map((l) => `catalogue.online.${l}`),
      ...(['partial', 'full'] as const).map((l) => `catalogue.onlineNote.${l}`),
      ...Object.keys(CHECKLIST_TEXT).map((k) => `catalogue.pdf.${k}`),
    ];
    assert.deepEqual(keys.filter((k) => VI[k] === undefined || EN[k] === undefined), []);
  });
});

describe('the translator', () => {
  const { vi, en } = translators;

  test('t fills params; an unknown key throws (never a blank on a page)', () => {
    assert.equal(en.t('status.title', { code: 'ABC-1' }), 'Status of dossier ABC-1');
    assert.equal(vi.t('status.title', { code: 'ABC-1' }), 'Tình trạng hồ sơ ABC-1');
    assert.throws(() => en.t('no.such.key'), MissingMessageError);
    assert.equal(en.has('status.title'), true);
    assert.equal(en.has('no.such.key'), false);
  });

  test('html escapes the message and plain params, keeps data spans; data is marked Vietnamese on English pages only', () => {
    const name = '<b>Sở Tư pháp</b>';
    assert.equal(String(en.data(name)), '<span lang="vi">&lt;b&gt;Sở Tư pháp&lt;/b&gt;</span>');
    assert.equal(String(vi.data(name)), '&lt;b&gt;Sở Tư pháp&lt;/b&gt;');
    assert.equal(String(en.html('status.place', { agency: en.data('UBND phường'), address: '1 <Lê Lợi>' })), 'Where: <span lang="vi">UBND phường</span>, 1 &lt;Lê Lợi&gt;.');
    assert.equal(String(en.html('home.staffLogin', { link: en.link('/dang-nhap?a=1&b=2', 'sign in') })), 'Officials: <a href="/dang-nhap?a=1&amp;b=2">sign in</a>.');
    assert.throws(() => en.t('status.place', { agency: en.data('x'), address: 'y' }), /use html\(\)/);
  });

  test('dates in both languages, in Vietnam time whatever the server says', () => {
    const at = vnInstant('2026-12-08', '09:30');
    assert.equal(vi.fmt.dateTime(at), '09:30, Thứ Ba 08/12/2026');
    assert.equal(en.fmt.dateTime(at), '09:30, Tuesday 8 December 2026');
    assert.equal(vi.fmt.date(at), '08/12/2026');
    assert.equal(en.fmt.date(at), '8 December 2026');
    // 23:30 UTC is already the next day in Vietnam.
    assert.equal(en.fmt.date(new Date('2026-12-31T23:30:00Z')), '1 January 2027');
  });

  test('numbers, money and working-day phrases', () => {
    assert.equal(vi.fmt.workingDays(3), '3 ngày làm việc');
    assert.equal(en.fmt.workingDays(3), '3 working days');
    assert.equal(en.fmt.workingDays(1), '1 working day');
    assert.equal(vi.fmt.workingDays(1), '1 ngày làm việc');
    assert.equal(en.fmt.workingHours(8), '8 working hours');
    assert.equal(en.fmt.days(1), '1 day');
    assert.equal(vi.fmt.number(1234567), '1.234.567');
    assert.equal(en.fmt.number(1234567), '1,234,567');
    assert.equal(vi.fmt.vnd(50000), '50.000 đồng');
    assert.equal(en.fmt.vnd(50000), 'VND 50,000');
    assert.equal(vi.fmt.vnd(0), 'Miễn phí');
    assert.equal(en.fmt.vnd(0), 'Free of charge');
    assert.equal(en.t('deadline.left', { days: en.fmt.workingDays(1) }), '1 working day left');
    assert.equal(vi.t('deadline.left', { days: vi.fmt.workingDays(1) }), 'Còn 1 ngày làm việc');
  });

  test("the catalogue's times, fees and names: the formatters in English, the service's words in Vietnamese, the data's words marked", () => {
    const time = (amount: number | null, unit: ChannelTime['unit'], unitLabel = '', description = ''): ChannelTime => ({ amount, unit, unitLabel, description, fees: [] });
    for (const t of [time(5, 'working_days'), time(1, 'calendar_days'), time(0.5, 'working_days'), time(4, 'working_hours'), time(0, null), time(2, null, 'Tháng'), time(null, null, '', 'Theo quy định')]) {
      assert.equal(timePhrase(vi, t).text, timeText(t));
    }
    assert.equal(timePhrase(en, time(5, 'working_days')).text, '5 working days');
    assert.equal(timePhrase(en, time(1, 'working_days')).text, '1 working day');
    assert.equal(timePhrase(en, time(1, 'calendar_days')).text, '1 day');
    assert.equal(timePhrase(en, time(0.5, 'working_days')).text, '0.5 working days');
    assert.equal(timePhrase(en, time(4, 'working_hours')).text, '4 working hours');
    assert.equal(timePhrase(en, time(0, null)).text, 'The same day');
    assert.equal(String(timePhrase(en, time(2, null, 'Tháng')).html), '2 <span lang="vi">Tháng</span>');
    assert.equal(String(timePhrase(en, time(null, null, '', 'Theo quy định')).html), '<span lang="vi">Theo quy định</span>');
    assert.equal(timePhrase(en, time(null, null)).text, 'Not specified');
    assert.equal(feePhrase(en, { kind: 'charge', amountVnd: 100000, description: '' }).text, 'VND 100,000');
    assert.equal(feePhrase(vi, { kind: 'charge', amountVnd: 100000, description: '' }).text, '100.000 đồng');
    assert.equal(feePhrase(en, { kind: null, amountVnd: 0, description: '' }).text, 'Free of charge');
    assert.equal(String(feePhrase(en, { kind: null, amountVnd: null, description: 'Theo biểu phí' }).html), '<span lang="vi">Theo biểu phí</span>');
    assert.equal(String(namePhrase(en, { name: 'Đăng ký khai sinh', nameEn: 'Birth registration' }).html), 'Birth registration');
    assert.equal(String(namePhrase(en, { name: 'Đăng ký khai sinh', nameEn: null }).html), '<span lang="vi">Đăng ký khai sinh</span>');
    assert.equal(String(namePhrase(vi, { name: 'Đăng ký khai sinh', nameEn: 'Birth registration' }).html), 'Đăng ký khai sinh');
  });

  test("public forms' messages by key: exact, with params; Vietnamese unchanged; an unknown message as it is", () => {
    assert.equal(en.error(LOOKUP_MESSAGES.code), 'Enter the dossier code as printed on your receipt (for example: 000.00.12.H26-261123-0042)');
    assert.equal(en.error(MESSAGES.control), EN['form.control']);
    assert.equal(en.error('Không quá 200 ký tự'), 'At most 200 characters');
    assert.equal(en.error('Ý kiến tối đa 1000 ký tự (hiện có 1203 ký tự)'), 'Your comment can have at most 1000 characters (it has 1203)');
    assert.equal(vi.error(LOOKUP_MESSAGES.code), LOOKUP_MESSAGES.code);
    assert.equal(en.error('Một câu không có trong danh mục'), 'Một câu không có trong danh mục');
  });
});

describe('choosing the language', () => {
  test('Accept-Language: the first supported language by quality', () => {
    assert.equal(negotiateLanguage(undefined), null);
    assert.equal(negotiateLanguage(''), null);
    assert.equal(negotiateLanguage('en-US,en;q=0.9'), 'en');
    assert.equal(negotiateLanguage('vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7'), 'vi');
    assert.equal(negotiateLanguage('fr-FR,fr;q=0.9,en;q=0.8,vi;q=0.7'), 'en');
    assert.equal(negotiateLanguage('en;q=0.5,vi;q=0.8'), 'vi');
    assert.equal(negotiateLanguage('fr,de'), null);
    assert.equal(negotiateLanguage('en;q=0,vi;q=0.1'), 'vi');
    assert.equal(negotiateLanguage('*'), null);
  });

  test('one fixed translator per language: requests share the prebuilt objects, nothing is built per request', () => {
    const mw = language(translators, { secure: false });
    const run = (headers: Record<string, string>, query: Record<string, string> = {}) => {
      const res = { locals: {} as Record<string, unknown>, vary: () => res, cookie: () => res, set: () => res } as unknown as Response & { locals: Record<string, unknown> };
      const req = { query, cookies: {}, method: 'GET', originalUrl: '/tra-cuu', path: '/tra-cuu', get: (h: string) => headers[h.toLowerCase()] } as unknown as Request;
      mw(req, res, () => {});
      return res.locals;
    };
    const a = run({ 'accept-language': 'en' });
    const b = run({}, { lang: 'en' });
    const c = run({});
    assert.equal(a.i18n, translators.en);
    assert.equal(a.t, b.t);
    assert.equal(a.t, translators.en.t);
    assert.equal(c.t, translators.vi.t);
    assert.ok(Object.isFrozen(translators.en));
  });
});
