/** The server's idle keep-alive timeout (src/web/http-server.ts) is the one configured: the connection stays open until then, and is closed after. */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { vnInstant } from '../../src/domain/time.js';
import { applyConnectionTimeouts } from '../../src/web/http-server.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let server: Server;
before(async () => {
  t = await buildTestApp({ now: vnInstant('2026-11-23', '09:00') });
  server = applyConnectionTimeouts(t.app.listen(0, '127.0.0.1'), 1_000);
  await new Promise((resolve) => server.once('listening', resolve));
});
after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.cleanup();
});

test('an idle keep-alive connection is kept for the configured time, then closed by the app', async () => {
  const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
  let closedAt = 0;
  let response = '';
  socket.on('data', (chunk) => (response += chunk.toString('latin1')));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve(void (closedAt = Date.now()))));
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write('GET /tra-cuu HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
  const sentAt = Date.now();
  await new Promise((r) => setTimeout(r, 400));
  assert.match(response, /^HTTP\/1\.1 200 /);
  assert.match(response, /keep-alive/i);
  assert.equal(closedAt, 0, 'still open 0.4 s after the response');
  await closed;
  const idleMs = closedAt - sentAt;
  assert.ok(idleMs >= 900 && idleMs < 4_000, `closed after ${idleMs} ms idle (configured: 1,000 ms; Node's own default is 5,000)`);
});
