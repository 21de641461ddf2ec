/**
 * The Zalo OA's "TT" command (issue 23 item 4): "TT <words>" / "thủ tục <words>" answers the
 * three best matches of the same search as /thu-tuc (same function, same order), "TT <code>"
 * the procedure's summary, "TT" alone how to search, and no match says so; each reply an
 * immediate outbox row on the zalo_cs channel.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { vnInstant } from '../../src/domain/time.js';
import { createStaff } from '../helpers/app.js';
import { buildZaloApp, oaEnv, signedEvent, textEvent, zaloDossier, type ZaloApp } from '../helpers/zalo-oa.js';

const TOKENS = { accessToken: 'access-initial', refreshToken: 'refresh-initial' };
const ENV = { ...oaEnv({ csUrl: 'http://127.0.0.1:9/cs', oauthUrl: 'http://127.0.0.1:9/oauth' }, TOKENS), LOOKUP_RATE_LIMIT: '1000' };

describe('Zalo "TT": the catalogue on Zalo', () => {
  let z: ZaloApp;

  async function say(userId: string, text: string) {
    const { raw, signature } = signedEvent(textEvent(userId, text));
    const res = await request(z.app).post('/zalo/webhook').set('Content-Type', 'application/json').set('X-ZEvent-Signature', signature).send(raw);
    assert.equal(res.status, 200, res.text);
    await z.svc.zalo.settle();
    const r = (await z.db('outbox_messages').where({ channel: 'zalo_cs', recipient: userId }).orderBy('id')).at(-1);
    assert.ok(r, `a reply to ${userId}`);
    return { template: r.template as string, data: JSON.parse(r.data) as Record<string, string>, outcome: (await z.db('zalo_events').where({ sender_id: userId }).orderBy('id', 'desc').first()).outcome as string };
  }

  before(async () => {
    z = await buildZaloApp({ now: vnInstant('2026-12-01', '10:00'), env: ENV });
  });
  after(() => z.cleanup());

  test('"TT <words>": the three best matches of the web search, in its order, with time, fee and link', async () => {
    for (const [user, text, query] of [
      ['u-tt1', 'TT khai sinh', 'khai sinh'],
      ['u-tt2', 'thủ tục đăng ký kết hôn', 'đăng ký kết hôn'],
      ['u-tt3', 'Thu tuc: dang ki thuong tru', 'dang ki thuong tru'],
    ] as const) {
      const r = await say(user, text);
      assert.equal(r.template, 'zalo_catalogue_matches', text);
      assert.equal(r.data.query, query);
      const web = (await z.svc.publicCatalogue.search({ q: query })).page.items.slice(0, 3).map((h) => h.entry);
      const page = await request(z.app).get(`/thu-tuc?q=${encodeURIComponent(query)}`).expect(200);
      const onPage = [...page.text.matchAll(/<h2 class="catalogue-result-name"><a href="\/thu-tuc\/([^"]+)">/g)].slice(0, 3).map((m) => m[1]);
      const lines = r.data.matches!.split('\n');
      assert.equal(lines.length, 3);
      assert.deepEqual(lines.map((l) => /\(([^()]+)\) — Thời hạn/.exec(l)?.[1]), web.map((e) => e.code), 'the same results as the service');
      assert.deepEqual(onPage, web.map((e) => e.code), 'and as the page');
      web.forEach((e, i) => assert.equal(lines[i], `${i + 1}. ${e.name} (${e.code}) — Thời hạn: ${e.time}; phí, lệ phí: ${e.fee} — http://motcua.test/thu-tuc/${e.code}`));
      assert.equal(r.data.search_url, `http://motcua.test/thu-tuc?q=${encodeURIComponent(query).replace(/%20/g, '+')}`);
    }
    const first = await say('u-tt4', 'tt khai sinh');
    assert.match(first.data.matches!, /^1\. [^\n]*khai sinh \(1\.001193\) — Thời hạn: [^\n]+; phí, lệ phí: [^\n]+ — http:\/\/motcua\.test\/thu-tuc\/1\.001193\n/);
  });

  test('"TT <code>": the procedure\'s summary; "TT" alone: how to search; nothing found: said, with the catalogue link', async () => {
    const one = await say('u-code', 'TT 1.004222');
    assert.equal(one.template, 'zalo_catalogue_procedure');
    assert.equal(one.outcome, 'catalogue_procedure');
    const entry = (await z.svc.publicCatalogue.byExactCode('1.004222'))!;
    const p = (await z.svc.publicCatalogue.procedure('1.004222'))!;
    const online = { none: 'Không', partial: 'Một phần', full: 'Toàn trình' }[entry.online];
    assert.deepEqual({ ...one.data, documents: undefined }, { code: '1.004222', name: entry.name, time: entry.time, fee: entry.fee, online, url: 'http://motcua.test/thu-tuc/1.004222', documents: undefined });
    assert.ok(one.data.documents!.startsWith(p.detail.documents[0]!.items[0]!.name.slice(0, 100)), one.data.documents);
    const partial = await say('u-partial', 'TT 1.0042');
    assert.equal(partial.template, 'zalo_catalogue_matches', 'a partial code is a search');
    assert.match(partial.data.matches!, /^1\. [^\n]*thường trú \(1\.004222\)/i);
    const help = await say('u-bare', 'TT');
    assert.equal(help.template, 'zalo_catalogue_help');
    assert.equal(help.data.search_url, 'http://motcua.test/thu-tuc');
    const none = await say('u-none', 'TT zzqqxx wwvvkk');
    assert.equal(none.template, 'zalo_catalogue_none');
    assert.equal(none.data.query, 'zzqqxx wwvvkk');
  });

  test('a linked follower\'s "TT …" is a catalogue search, not a question; a message naming a dossier code stays a question', async () => {
    const clerk = await createStaff(z.db, 'clerk-tt', 'clerk', '000.31.01.H26', 'Nguyễn Thị Thu');
    const d = await zaloDossier(z.db, clerk);
    await say('u-linked', `${d.code} 4321`);
    const tt = await say('u-linked', 'TT ket hon');
    assert.equal(tt.template, 'zalo_catalogue_matches');
    assert.equal(Number((await z.db('dossier_questions').count({ n: '*' }).first())!.n), 0, 'no question filed');
    const q = await say('u-linked', `thủ tục hồ sơ ${d.code} đã xong chưa?`);
    assert.equal(q.template, 'zalo_question_received');
  });
});
