/**
 * Issue 25 §1.7: anonymisation must not break codes. One dossier-code pattern
 * (src/domain/dossier-code.ts DOSSIER_CODE_PATTERN) serves every reader of codes in a text:
 * the anonymiser keeps codes of both agency-ID layouts and petition codes whole, and the
 * question checker drops them before it looks for phone numbers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { anonymise } from '../../src/domain/anonymise.js';
import { DOSSIER_CODE_PATTERN, formatDossierCode, parseDossierCode } from '../../src/domain/dossier-code.js';
import { formatPetitionCode } from '../../src/domain/petitions.js';
import { vnInstant } from '../../src/domain/time.js';
import { carriesPersonalNumber } from '../../src/features/questions/questions.service.js';

const sender = { names: ['Nguyễn Văn An'], addresses: ['12 Lê Lợi, phường Trấn Biên'], phones: ['0903123456'], emails: ['an@example.vn'] };
const EIDS = ['H26', 'H26.57', 'H26.57.01', 'H26.57.01.001', '000.31.01.H26', '000.00.12.H26'];

describe('one dossier-code pattern', () => {
  test('every code formatDossierCode issues, in both layouts, is the pattern whole, and parses', () => {
    const whole = new RegExp(`^${DOSSIER_CODE_PATTERN}$`);
    for (const eid of EIDS) {
      for (const seq of [2, 12345]) {
        const code = formatDossierCode(eid, vnInstant('2026-12-01', '09:00'), seq);
        assert.ok(whole.test(code), code);
        assert.ok(parseDossierCode(code), code);
      }
    }
    assert.ok(whole.test('H26.57.01-261201-AB0002'), "Circular 04/2025's prefix");
  });

  test('published answers keep dossier codes of both layouts and petition codes whole, next to a phone that goes', () => {
    const codes = [
      ...EIDS.map((eid) => formatDossierCode(eid, vnInstant('2026-12-01', '09:00'), 2)),
      'H26.57.01-261201-AB0002',
      formatPetitionCode('261201', 7),
      'PAKN-261201-10007',
    ];
    for (const code of codes) {
      for (const text of [`Hồ sơ ${code} trả chậm, gọi 0903 123 456.`, `(${code}) ông An 0903123456`, `hồ sơ ${code.toLowerCase()}, sđt 0912345678`]) {
        const out = anonymise(text, sender);
        assert.ok(out.toLowerCase().includes(code.toLowerCase()), `${code} kept in: ${out}`);
        assert.doesNotMatch(out, /0903|123 456|0912345678/, out);
      }
    }
  });

  test('a question naming a current-layout dossier code and a phone is held for its phone; the code alone is not', () => {
    assert.equal(carriesPersonalNumber('Hồ sơ H26.57.01-261201-0002 của tôi, gọi 0903123456'), true);
    assert.equal(carriesPersonalNumber('Hồ sơ H26.57.01-261201-0002 0903 123 456 gọi giúp'), true);
    assert.equal(carriesPersonalNumber('H26.57-261201-0002 0903123456'), true);
    assert.equal(carriesPersonalNumber('mã hồ sơ H26.57.01-261201-0002'), false);
    assert.equal(carriesPersonalNumber('mã hồ sơ H26.57-261201-AB0012 và 000.31.01.H26-261130-0001'), false);
  });
});
