import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formCsrfToken, newCsrfToken, readFormCsrfToken, signCsrfToken, verifyCsrfToken, visitorIdOf } from '../../src/web/csrf.js';

test('anonymous CSRF tokens are 192-bit base64url strings, all different across pool refills', () => {
  const tokens = Array.from({ length: 1000 }, () => newCsrfToken());
  for (const t of tokens) assert.match(t, /^[A-Za-z0-9_-]{32}$/);
  assert.equal(new Set(tokens).size, tokens.length);
  // Not all from one refill: 1000 tokens span four refills of 256.
  const bytes = Buffer.concat(tokens.map((t) => Buffer.from(t, 'base64url')));
  assert.equal(bytes.length, 24_000);
  assert.ok(new Set(bytes).size > 250, 'the bytes look random');
});

test('anonymous CSRF tokens are signed: a chosen, altered or foreign-key value does not verify', () => {
  const secret = 'k'.repeat(40);
  const token = signCsrfToken(secret);
  assert.match(token, /^[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{43}$/);
  assert.equal(verifyCsrfToken(secret, token), true);
  assert.equal(verifyCsrfToken('other'.repeat(8), token), false);
  assert.equal(verifyCsrfToken(secret, token.slice(0, 32)), false, 'the unsigned form of earlier versions');
  assert.equal(verifyCsrfToken(secret, 'A'.repeat(32)), false);
  const [random, mac] = token.split('.') as [string, string];
  const flipped = `${random.slice(0, -1)}${random.endsWith('A') ? 'B' : 'A'}.${mac}`;
  assert.equal(verifyCsrfToken(secret, flipped), false);
  assert.equal(verifyCsrfToken(secret, undefined), false);
  assert.equal(verifyCsrfToken(secret, [token]), false);
});

test('the form token names the cookie’s visitor id under its own signature: another visitor’s token is recognised as such', () => {
  const secret = 'k'.repeat(40);
  const cookieA = signCsrfToken(secret);
  const cookieB = signCsrfToken(secret);
  const a = visitorIdOf(cookieA);
  const tokenA = formCsrfToken(secret, a);
  assert.notEqual(tokenA, cookieA, 'the page does not carry the cookie');
  assert.equal(readFormCsrfToken(secret, a, tokenA), 'valid');
  assert.equal(readFormCsrfToken(secret, visitorIdOf(cookieB), tokenA), 'other_visitor');
  assert.equal(readFormCsrfToken(secret, a, cookieA), 'invalid', 'the cookie value is not a form token');
  assert.equal(readFormCsrfToken('other'.repeat(8), a, tokenA), 'invalid');
  assert.equal(readFormCsrfToken(secret, a, undefined), 'invalid');
  assert.equal(verifyCsrfToken(secret, tokenA), false, 'nor is a form token a cookie');
});
