import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FORM_NONCE_RE, FORM_NONCE_TTL_MS, checkFormNonce, issueFormNonce } from '../../src/domain/form-nonce.js';

const SECRET = 'k'.repeat(40);
const NOW = new Date('2026-12-01T02:00:00Z');

test('a form nonce is issued by the server, signed, for one visitor', () => {
  const n = issueFormNonce(SECRET, 'visitor-a', NOW);
  assert.match(n, FORM_NONCE_RE);
  const ok = checkFormNonce(SECRET, 'visitor-a', n, NOW);
  assert.ok(ok.ok && !ok.expired);
  assert.equal(ok.id, n.split('.')[0]);
  assert.notEqual(issueFormNonce(SECRET, 'visitor-a', NOW), n, 'each page its own');
  // Another visitor, another key, an altered value, a nonce the client made up: none verifies.
  assert.deepEqual(checkFormNonce(SECRET, 'visitor-b', n, NOW), { ok: false });
  assert.deepEqual(checkFormNonce('other'.repeat(8), 'visitor-a', n, NOW), { ok: false });
  const [r, e, m] = n.split('.') as [string, string, string];
  assert.deepEqual(checkFormNonce(SECRET, 'visitor-a', `${r.slice(0, -1)}${r.endsWith('A') ? 'B' : 'A'}.${e}.${m}`, NOW), { ok: false });
  assert.deepEqual(checkFormNonce(SECRET, 'visitor-a', `${r}.${(parseInt(e, 36) + 3600).toString(36)}.${m}`, NOW), { ok: false }, 'the expiry is signed');
  assert.deepEqual(checkFormNonce(SECRET, 'visitor-a', 'n'.repeat(43), NOW), { ok: false }, 'the client-chosen nonce of earlier versions');
});

test('a form nonce expires after a day (still recognised, for its own petition)', () => {
  const n = issueFormNonce(SECRET, 'v', NOW);
  const before = checkFormNonce(SECRET, 'v', n, new Date(NOW.getTime() + FORM_NONCE_TTL_MS - 1000));
  assert.ok(before.ok && !before.expired);
  const after = checkFormNonce(SECRET, 'v', n, new Date(NOW.getTime() + FORM_NONCE_TTL_MS));
  assert.ok(after.ok && after.expired);
});
