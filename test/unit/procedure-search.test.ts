/** The public catalogue's ranking (src/domain/procedure-search.ts) and the Zalo "TT" parse: pure. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildSearchIndex, looksLikeCode, searchKey, searchProcedures, withinOneEdit, type SearchEntry } from '../../src/domain/procedure-search.js';
import { catalogueRequest, parseZaloText } from '../../src/domain/zalo-message.js';

const entry = (code: string, name: string, field: string, over: Partial<SearchEntry> = {}): SearchEntry => ({ code, name, fields: [field], results: [], documents: [], agencyIds: [1], online: 'none', ...over });
const ENTRIES = [
  entry('1.001193', 'Đăng ký khai sinh', 'Hộ tịch', { documents: ['Giấy chứng sinh'], online: 'full' }),
  entry('1.004884', 'Đăng ký lại khai sinh', 'Hộ tịch'),
  entry('1.003583', 'Đăng ký khai sinh lưu động', 'Hộ tịch'),
  entry('1.000894', 'Đăng ký kết hôn', 'Hộ tịch', { agencyIds: [2] }),
  entry('1.004222', 'Đăng ký thường trú', 'Đăng ký, quản lý cư trú', { results: ['Thông tin thường trú được cập nhật'] }),
  entry('2.000815', 'Chứng thực bản sao từ bản chính', 'Chứng thực'),
  entry('3.000181.000.00.00.H22', 'Cấp giấy phép xây dựng', 'Xây dựng'),
];
const index = buildSearchIndex(ENTRIES);
const codes = (q: string, f = {}) => searchProcedures(index, q, f).items.map((h) => h.entry.code);

describe('procedure search', () => {
  test('accents or none, ký or kí, a letter missing, extra or swapped: the same first result', () => {
    for (const q of ['đăng ký khai sinh', 'dang ky khai sinh', 'DANG KI KHAI SINH', 'khai sinh', 'khai snh', 'khaii sinh', 'khia sinh', 'dang ky khai sin']) assert.equal(codes(q)[0], '1.001193', q);
    assert.equal(searchKey('Đăng Ký'), 'dang ki');
  });

  test('the short name the query covers first; a phrase before scattered words', () => {
    assert.deepEqual(codes('khai sinh').slice(0, 3), ['1.001193', '1.004884', '1.003583']);
    assert.equal(codes('ket hon')[0], '1.000894');
    assert.equal(codes('khai sinh luu dong')[0], '1.003583');
  });

  test('codes: whole, partial (prefix or inside), local codes', () => {
    assert.deepEqual(codes('1.001193'), ['1.001193']);
    assert.deepEqual(codes('1.0042'), ['1.004222']);
    assert.deepEqual(codes('004884'), ['1.004884']);
    assert.deepEqual(codes('3.000181.000.00.00.h22'), ['3.000181.000.00.00.H22']);
    assert.ok(looksLikeCode('1.0011') && looksLikeCode('001193') && !looksLikeCode('khai sinh') && !looksLikeCode('số 2'));
  });

  test('filters by field, agency and online; an empty query lists the catalogue by field then name; pages', () => {
    assert.deepEqual(codes('dang ky', { field: 'Hộ tịch' }).sort(), ['1.000894', '1.001193', '1.003583', '1.004884']);
    assert.deepEqual(codes('dang ky', { agencyId: 2 }), ['1.000894']);
    assert.deepEqual(codes('', { onlineOnly: true }), ['1.001193']);
    assert.deepEqual(codes('').slice(0, 2), ['2.000815', '1.004222'], 'Chứng thực, then Đăng ký, quản lý cư trú');
    const p2 = searchProcedures(index, '', {}, 2, 3);
    assert.deepEqual([p2.page, p2.pages, p2.total, p2.items.length], [2, 3, 7, 3]);
    assert.equal(searchProcedures(index, '', {}, 99, 3).page, 3, 'past the end: the last page');
    assert.deepEqual(codes('zzqq xxww'), []);
  });

  test('one edit', () => {
    for (const [a, b] of [['sinh', 'snh'], ['sinh', 'siinh'], ['sinh', 'sihn'], ['sinh', 'sinx']]) assert.ok(withinOneEdit(a!, b!), `${a} ${b}`);
    for (const [a, b] of [['sinh', 'sn'], ['sinh', 'hsni'], ['ab', 'cd']]) assert.ok(!withinOneEdit(a!, b!), `${a} ${b}`);
  });
});

describe('Zalo "TT"', () => {
  test('"TT …" and "thủ tục …", any case, accents or none; a dossier code keeps it a question', () => {
    assert.deepEqual(parseZaloText('TT khai sinh'), { kind: 'catalogue', query: 'khai sinh' });
    assert.deepEqual(parseZaloText('tt: 1.001193'), { kind: 'catalogue', query: '1.001193' });
    assert.deepEqual(parseZaloText('Thủ tục  đăng ký kết hôn'), { kind: 'catalogue', query: 'đăng ký kết hôn' });
    assert.deepEqual(parseZaloText('thu tuc khai tu'), { kind: 'catalogue', query: 'khai tu' });
    assert.deepEqual(parseZaloText('TT'), { kind: 'catalogue', query: '' });
    assert.equal(parseZaloText('TTHC là gì').kind, 'text');
    assert.equal(catalogueRequest('thủ tục hồ sơ 000.31.01.H26-261201-0002 thế nào'), null);
  });
});
