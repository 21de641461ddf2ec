/** What the search box takes as a scanned receipt QR, and the shared token and phone rules. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizePhone } from '../../src/domain/phone.js';
import { base32, isWellFormedToken, newPublicToken } from '../../src/domain/public-token.js';
import { tokenFromScan } from '../../src/features/dossiers/search.service.js';

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';

test('a scanned status URL yields its token, with or without .json or a trailing slash', () => {
  assert.equal(tokenFromScan(`https://motcua.example.gov.vn/s/${TOKEN}`), TOKEN);
  assert.equal(tokenFromScan(` http://localhost:3000/s/${TOKEN}.json `), TOKEN);
  assert.equal(tokenFromScan(`/s/${TOKEN}/`), TOKEN);
  for (const text of [TOKEN, `/s/${TOKEN}/danh-gia`, '/s/short', `/ho-so/${TOKEN}`, `/s/${TOKEN}?x=1`]) assert.equal(tokenFromScan(text), null, text);
});

test('public tokens: 22 to 64 base64url characters', () => {
  assert.equal(isWellFormedToken(TOKEN), true);
  for (const bad of ['', 'a'.repeat(21), 'a'.repeat(65), `${TOKEN.slice(0, 30)}+/`, `${TOKEN}.json`]) assert.equal(isWellFormedToken(bad), false, bad);
});

test('base32 (RFC 4648, lower case, unpadded): the standard vectors', () => {
  const vectors: Array<[string, string]> = [['', ''], ['f', 'my'], ['fo', 'mzxq'], ['foo', 'mzxw6'], ['foob', 'mzxw6yq'], ['fooba', 'mzxw6ytb'], ['foobar', 'mzxw6ytboi']];
  for (const [plain, encoded] of vectors) assert.equal(base32(Buffer.from(plain)), encoded, plain);
  assert.equal(base32(Buffer.alloc(24, 0xff)), `${'7'.repeat(38)}y`);
});

test('new public tokens: 39 base32 characters (192 bits), well formed, never punctuation at the end of a printed line', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const token = newPublicToken();
    assert.match(token, /^[a-z2-7]{39}$/);
    assert.equal(isWellFormedToken(token), true, token);
    seen.add(token);
  }
  assert.equal(seen.size, 2000);
  // A token issued before base32 (base64url) still opens its page.
  assert.equal(isWellFormedToken('588gFZh78GV7FjPNjmQdLEqg4uhV_QI-'), true);
});

test('phones as the office stores them', () => {
  for (const typed of ['0987 654 321', '0987.654.321', '+84987654321', '84987654321', '(0987) 654-321']) assert.equal(normalizePhone(typed), '0987654321', typed);
});
