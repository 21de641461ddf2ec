import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newCsrfToken } from '../../src/web/csrf.js';

test('anonymous CSRF tokens are 192-bit base64url strings, all different across pool refills', () => {
  const tokens = Array.from({ length: 1000 }, () => newCsrfToken());
  for (const t of tokens) assert.match(t, /^[A-Za-z0-9_-]{32}$/);
  assert.equal(new Set(tokens).size, tokens.length);
  // Not all from one refill: 1000 tokens span four refills of 256.
  const bytes = Buffer.concat(tokens.map((t) => Buffer.from(t, 'base64url')));
  assert.equal(bytes.length, 24_000);
  assert.ok(new Set(bytes).size > 250, 'the bytes look random');
});
