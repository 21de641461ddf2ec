/** The form kit: what every input of the application is guaranteed to be. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import {
  MAX_ID,
  errorLinks,
  checkbox,
  cleanMultiline,
  date,
  hasControlChars,
  id,
  int,
  multiline,
  oneOf,
  optionalDate,
  optionalId,
  optionalText,
  parseForm,
  parseId,
  parseLocalDate,
  parseObject,
  parseYear,
  str,
  strs,
  text,
} from '../../src/web/form.js';

describe('reading raw input', () => {
  it('str: first of repeated keys, NFC, empty when absent or not a string', () => {
    assert.equal(str({ a: ['x', 'y'] }, 'a'), 'x');
    assert.equal(str({ a: 'Nguye\u0302\u0303n' }, 'a'), 'Nguyễn');
    assert.equal(str({}, 'a'), '');
    assert.equal(str(undefined, 'a'), '');
    assert.equal(str({ a: { b: 1 } }, 'a'), '');
    assert.equal(str({ a: 5 }, 'a'), '');
  });
  it('str ignores inherited prototype keys', () => {
    assert.equal(str({}, '__proto__'), '');
    assert.equal(str({}, 'constructor'), '');
    assert.equal(str({}, 'toString'), '');
  });
  it('strs and checkbox', () => {
    assert.deepEqual(strs({ a: ['1', 2, '3'] }, 'a'), ['1', '3']);
    assert.deepEqual(strs({ a: 'x' }, 'a'), ['x']);
    assert.deepEqual(strs({}, 'a'), []);
    assert.equal(checkbox({ a: 'on' }, 'a'), true);
    assert.equal(checkbox({}, 'a'), false);
  });
  it('a value longer than any field is cut before validation', () => {
    assert.equal(str({ a: 'x'.repeat(500_000) }, 'a').length, 100_000);
  });
});

describe('control characters', () => {
  it('refuses NUL, C0 (but tab and line breaks), DEL, C1, U+FFFD and lone surrogates', () => {
    for (const bad of ['a\u0000b', '\u0007', '\u001b[0m', '\u007f', '\u0085', 'x\uFFFDy', '\uD800', 'a\uDC00']) assert.equal(hasControlChars(bad), true, JSON.stringify(bad));
    for (const good of ['Nguyễn Văn An', 'dòng 1\ndòng 2', 'a\tb', 'r\r\n', '😀 ổn']) assert.equal(hasControlChars(good), false, JSON.stringify(good));
  });
  it('text fields refuse them with a Vietnamese message', () => {
    const r = text(50, 'Nhập tên').safeParse('An\u0000');
    assert.equal(r.success, false);
    assert.match(r.error!.issues[0]!.message, /ký tự không hợp lệ/);
    assert.equal(multiline(50, 'Nhập').safeParse('a\u0000').success, false);
    assert.equal(optionalText(50).safeParse('\u0000').success, false);
  });
});

describe('field builders', () => {
  it('text: spaces collapsed and trimmed, required, bounded', () => {
    assert.equal(text(20, 'Nhập').parse('  Nguyễn   Văn  An '), 'Nguyễn Văn An');
    assert.equal(text(20, 'Nhập tên').safeParse('   ').error!.issues[0]!.message, 'Nhập tên');
    assert.equal(text(3, 'Nhập', 'Quá dài').safeParse('abcd').error!.issues[0]!.message, 'Quá dài');
    assert.equal(optionalText(5).parse('  '), null);
  });
  it('multiline keeps line breaks, trims each line, folds runs of blank lines', () => {
    assert.equal(cleanMultiline('  a  b \r\n\r\n\r\n\r\n c '), 'a b\n\nc');
    assert.equal(multiline(100, 'Nhập').parse('x\ny'), 'x\ny');
  });
  it('ids are positive 32-bit integers', () => {
    assert.equal(parseId('1'), 1);
    assert.equal(parseId(String(MAX_ID)), MAX_ID);
    for (const bad of ['0', '-1', '2147483648', '9999999999', '01', '1.5', '1e3', ' 1', '', 'abc']) assert.equal(parseId(bad), null, bad);
    assert.equal(parseId(5), null);
    assert.equal(parseId(['1']), null);
    assert.equal(id().parse(' 7 '), 7);
    assert.equal(id('Chọn cơ quan').safeParse('2147483648').error!.issues[0]!.message, 'Chọn cơ quan');
    assert.equal(optionalId().parse(''), null);
    assert.equal(optionalId().safeParse('0').success, false);
  });
  it('int is bounded', () => {
    assert.equal(int(1, 20, 'Từ 1 đến 20').parse('20'), 20);
    for (const bad of ['0', '21', '', '1e1', '99999999999999999999']) assert.equal(int(1, 20, 'x').safeParse(bad).success, false, bad);
  });
  it('dates: ISO or dd/MM/yyyy, real, between 1900 and 2100', () => {
    assert.equal(parseLocalDate('2026-12-01'), '2026-12-01');
    assert.equal(parseLocalDate('1/12/2026'), '2026-12-01');
    assert.equal(parseLocalDate('01/12/2026'), '2026-12-01');
    for (const bad of ['2026-02-30', '0000-01-01', '9999-12-31', '1899-12-31', '2101-01-01', '31/02/2026', '2026-1-1', '', 'hôm nay']) assert.equal(parseLocalDate(bad), null, bad);
    assert.equal(date().parse('29/02/2028'), '2028-02-29');
    assert.match(date().safeParse('0000-00-00').error!.issues[0]!.message, /Ngày không hợp lệ/);
    assert.equal(optionalDate().parse(''), null);
    assert.equal(parseYear('2026'), 2026);
    for (const bad of ['0000', '9999', '26', '20266']) assert.equal(parseYear(bad), null, bad);
  });
  it('oneOf carries its message', () => {
    const kind = oneOf(['a', 'b'] as const, 'Chọn loại');
    assert.equal(kind.parse('a'), 'a');
    assert.equal(kind.safeParse('__proto__').error!.issues[0]!.message, 'Chọn loại');
  });
});

describe('running a schema', () => {
  const schema = z.object({ name: text(50, 'Nhập tên'), agency: id('Chọn cơ quan') });
  it('returns the parsed value and the values as typed', () => {
    const r = parseObject(schema, { name: ' An ', agency: '3', other: 'x' });
    assert.deepEqual(r, { ok: true, value: { name: 'An', agency: 3 }, values: { name: ' An ', agency: '3' } });
  });
  it('returns the first message per field and keeps the values', () => {
    const r = parseObject(schema, { name: '', agency: '9999999999' });
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.errors, { name: 'Nhập tên', agency: 'Chọn cơ quan' });
    assert.deepEqual(r.values, { name: '', agency: '9999999999' });
  });
  it('extra errors from cross-field checks fail the parse', () => {
    const r = parseForm(schema, { name: 'An', agency: '1' }, ['name', 'agency'], { agency: 'Cơ quan không xử lý thủ tục này' });
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.errors, { agency: 'Cơ quan không xử lý thủ tục này' });
  });
});

describe('errorLinks: the error summary in the form order', () => {
  it('orders the errors as the form lists its fields, whatever order they were found in', () => {
    const links = errorLinks({ password: 'Nhập mật khẩu', username: 'Nhập tên đăng nhập', agency_id: 'Chọn cơ quan' }, { order: ['username', 'full_name', 'agency_id', 'password'] });
    assert.deepEqual(
      links.map((l) => [l.field, l.href]),
      [
        ['username', '#username'],
        ['agency_id', '#agency_id'],
        ['password', '#password'],
      ],
    );
    assert.equal(links[0]!.message, 'Nhập tên đăng nhập');
  });

  it('a prefix entry stands for a group of fields; unlisted fields come last in the order found; empty messages are dropped', () => {
    const links = errorLinks({ extra: 'x', doc_2_copies: 'b', note: 'n', doc_1_originals: 'a', name: 'm', blank: '' }, { order: ['name', 'doc_*', 'note'] });
    assert.deepEqual(
      links.map((l) => l.field),
      ['name', 'doc_2_copies', 'doc_1_originals', 'note', 'extra'],
    );
  });

  it('links go to the element id the page gives a field; `form` and null ids have no link', () => {
    const links = errorLinks({ noi_dung: 'Nhập nội dung', form: 'Biểu mẫu đã hết hạn', nonce: 'Tải lại trang' }, { ids: { noi_dung: 'noi_dung-7', nonce: null } });
    assert.deepEqual(
      links.map((l) => l.href),
      ['#noi_dung-7', null, null],
    );
    assert.deepEqual(errorLinks(undefined), []);
  });
});
