import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dossierCodesIn, isPetitionRequest, isTimely, onlyCodes, parseZaloText, questionText, zaloEventKey } from '../../src/domain/zalo-message.js';
import { classifyZaloCsError } from '../../src/platform/messaging/zalo-oa/consultation.js';
import { macOfHeader, verifyZaloSignature, zaloMac } from '../../src/platform/messaging/zalo-oa/signature.js';

describe('reading a message to the Zalo OA', () => {
  test('a code and 4 digits is a link request, in both agency-ID layouts, any case and separator', () => {
    assert.deepEqual(parseZaloText('000.31.01.H26-261201-0002 4321'), { kind: 'link', code: '000.31.01.H26-261201-0002', last4: '4321' });
    assert.deepEqual(parseZaloText('  h26.57.01-261201-0012,  4321 '), { kind: 'link', code: 'H26.57.01-261201-0012', last4: '4321' });
    assert.deepEqual(parseZaloText('4321 - 000.31.01.h26-261201-AB10002'), { kind: 'link', code: '000.31.01.H26-261201-AB10002', last4: '4321' });
    // Not a link: no digits, 3 or 5 digits, or other words besides.
    assert.equal(parseZaloText('000.31.01.H26-261201-0002').kind, 'text');
    assert.equal(parseZaloText('000.31.01.H26-261201-0002 432').kind, 'text');
    assert.equal(parseZaloText('000.31.01.H26-261201-0002 43210').kind, 'text');
    assert.equal(parseZaloText('Hồ sơ 000.31.01.H26-261201-0002 số 4321').kind, 'text');
  });

  test('codes named in a text, a final dot not included, repeats once', () => {
    assert.deepEqual(dossierCodesIn('Hồ sơ 000.31.01.H26-261201-0002. Và H26.57-261130-0007, lại 000.31.01.h26-261201-0002'), ['000.31.01.H26-261201-0002', 'H26.57-261130-0007']);
    assert.deepEqual(dossierCodesIn('mã 12-34 không phải'), []);
    const t = parseZaloText('Về hồ sơ 000.31.01.H26-261201-0002 ạ');
    assert.equal(t.kind, 'text');
    assert.deepEqual(t.kind === 'text' ? t.codes : null, ['000.31.01.H26-261201-0002']);
  });

  test('a message of codes alone is a choice, not a question', () => {
    assert.ok(onlyCodes('000.31.01.H26-261201-0002'));
    assert.ok(onlyCodes(' 000.31.01.H26-261201-0002. '));
    assert.ok(!onlyCodes('Hồ sơ 000.31.01.H26-261201-0002'));
    assert.ok(!onlyCodes('Khi nào có kết quả?'));
  });

  test('PAKN first, any case, alone as a word', () => {
    for (const s of ['PAKN', 'pakn', ' Pakn: thủ tục rườm rà', 'PAKN góp ý']) assert.ok(isPetitionRequest(s), s);
    for (const s of ['PAKNX', 'tôi muốn PAKN', 'paknđ']) assert.ok(!isPetitionRequest(s), s);
    assert.deepEqual(parseZaloText('pakn'), { kind: 'pakn' });
  });

  test('a question text loses control characters and is clipped on a code point', () => {
    assert.equal(questionText(' a\u0000b\u0007c ', 1000), 'abc');
    const long = '😀'.repeat(1200);
    const q = questionText(long, 1000);
    assert.equal(Array.from(q).length, 1000);
    assert.ok(q.endsWith('…'));
  });

  test('event keys: (sender, msg_id), or event:sender:timestamp', () => {
    assert.equal(zaloEventKey({ event_name: 'user_send_text', sender_id: 'u', msg_id: 'abc', timestamp: '1' }), 'msg:u:abc');
    assert.notEqual(zaloEventKey({ event_name: 'user_send_text', sender_id: 'v', msg_id: 'abc', timestamp: '1' }), 'msg:u:abc', 'the same msg_id from another sender');
    assert.equal(zaloEventKey({ event_name: 'follow', sender_id: 'u1', msg_id: null, timestamp: '1764561600000' }), 'follow:u1:1764561600000');
  });

  test('an event is timely within the allowed skew either way, not beyond', () => {
    const now = new Date(1796094000000);
    const day = 24 * 3600_000;
    assert.ok(isTimely(String(now.getTime()), now, day));
    assert.ok(isTimely(String(now.getTime() - day), now, day));
    assert.ok(isTimely(String(now.getTime() + day), now, day));
    assert.ok(!isTimely(String(now.getTime() - day - 1), now, day), 'a day and a millisecond old');
    assert.ok(!isTimely(String(now.getTime() + day + 1), now, day), 'ahead');
    assert.ok(!isTimely('1796094000', now, day), 'seconds, not milliseconds');
  });
});

describe('the webhook signature', () => {
  const body = '{"app_id":"123","timestamp":"1764561600000","event_name":"user_send_text"}';
  test('sha256(app_id + raw body + timestamp + OA secret key), as mac=<hex>', async () => {
    const { createHash } = await import('node:crypto');
    const hex = createHash('sha256').update(`123${body}1764561600000secret`).digest('hex');
    assert.equal(zaloMac('123', body, '1764561600000', 'secret'), hex);
    assert.ok(verifyZaloSignature(`mac=${hex}`, '123', body, '1764561600000', 'secret'));
    assert.ok(verifyZaloSignature(` mac=${hex.toUpperCase()} `, '123', body, '1764561600000', 'secret'));
    assert.ok(!verifyZaloSignature(`mac=${hex}`, '123', `${body} `, '1764561600000', 'secret'), 'another body');
    assert.ok(!verifyZaloSignature(`mac=${hex}`, '123', body, '1764561600001', 'secret'), 'another timestamp');
    assert.ok(!verifyZaloSignature(`mac=${hex}`, '123', body, '1764561600000', 'other'), 'another secret');
    assert.ok(!verifyZaloSignature(hex, '123', body, '1764561600000', 'secret'), 'no mac= prefix');
    assert.equal(macOfHeader(undefined), null);
    assert.equal(macOfHeader('mac=zz'), null);
  });
});

describe('Zalo OA consultation errors', () => {
  test('outside the free-reply window → fallback; token errors → temporary and refresh; the rest permanent', () => {
    for (const code of [-213, -230]) assert.equal(classifyZaloCsError(code, 'x').result.kind, 'fallback_sms', String(code));
    for (const code of [-216, -220, -124]) {
      const c = classifyZaloCsError(code, 'x');
      assert.equal(c.result.kind, 'temporary');
      assert.equal(c.refreshToken, true);
    }
    assert.equal(classifyZaloCsError(-32, 'x').result.kind, 'temporary');
    assert.equal(classifyZaloCsError(-201, 'Parameters are invalid').result.kind, 'permanent');
    assert.match(classifyZaloCsError(-230, 'User has not interacted').result.error, /^Zalo OA -230: User has not interacted \(người dùng không tương tác với OA trong 7 ngày qua\)$/);
  });
});
