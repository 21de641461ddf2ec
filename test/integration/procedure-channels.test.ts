/**
 * How a procedure is carried out, as an administrator sets it on the procedure's form: online
 * (none, partial, full), by post, in person. A procedure the person must come for cannot be
 * received by post (Decision 45/2016 art. 1(2)): the form says so and writes nothing; once
 * saved "in person", it is published on the list of procedures not available by post (art. 13).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { vnInstant } from '../../src/domain/time.js';
import { buildTestApp, createStaff, signIn, type TestApp } from '../helpers/app.js';
import { procedureEditForm } from '../helpers/fixtures.js';

describe('how a procedure is carried out (the administrator’s form)', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;
  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-12-07', '09:00') });
    await createStaff(t.db, 'quantri', 'admin', '000.00.01.H26', 'Lê Quản Trị');
    admin = await signIn(t.http, 'quantri');
  });
  after(() => t.cleanup());

  const post = (url: string, form: Record<string, string | string[]>) => admin.agent.post(url).type('form').send({ ...form, _csrf: admin.csrf });

  test('online level, post and in person are saved; both post and in person is refused with the article, nothing written', async () => {
    const { id, form } = await procedureEditForm(t.db, '1.001612');
    const page = (await admin.agent.get(`/quan-tri/thu-tuc/${id}`).expect(200)).text;
    assert.match(page, /<select id="online_level" name="online_level"/);
    const before = await t.db('procedures').where({ id }).first('by_post', 'in_person', 'online_level');

    const refused = await post(`/quan-tri/thu-tuc/${id}`, { ...form, by_post: 'on', in_person: 'on' }).expect(400);
    assert.match(refused.text, /Quyết định 45\/2016\/QĐ-TTg, Điều 1 khoản 2/);
    assert.match(refused.text, /href="#by_post"/, 'the error summary links the field');
    assert.deepEqual(await t.db('procedures').where({ id }).first('by_post', 'in_person', 'online_level'), before);

    const { by_post: _drop, ...withoutPost } = form;
    await post(`/quan-tri/thu-tuc/${id}`, { ...withoutPost, in_person: 'on', online_level: 'full' }).expect(303);
    const saved = await t.db('procedures').where({ id }).first('by_post', 'in_person', 'online_level');
    assert.deepEqual([Boolean(saved.by_post), Boolean(saved.in_person), saved.online_level], [false, true, 'full']);
    const list = (await admin.agent.get('/thu-tuc/khong-qua-buu-chinh').expect(200)).text;
    assert.match(list, /1\.001612<\/td>[\s\S]*?Người nộp phải có mặt trực tiếp/);

    const bad = await post(`/quan-tri/thu-tuc/${id}`, { ...withoutPost, online_level: 'sometimes' }).expect(400);
    assert.match(bad.text, /Chọn mức độ nộp hồ sơ trực tuyến/);
  });
});
