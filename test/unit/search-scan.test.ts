/** What the search box takes as a scanned receipt QR, and the shared token and phone rules. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizePhone } from '../../src/domain/phone.js';
import { isWellFormedToken } from '../../src/domain/public-token.js';
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

test('phones as the office stores them', () => {
  for (const typed of ['0987 654 321', '0987.654.321', '+84987654321', '84987654321', '(0987) 654-321']) assert.equal(normalizePhone(typed), '0987654321', typed);
});
