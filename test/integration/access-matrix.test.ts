/**
 * Access-control matrix: every route the app serves × role × the viewer's own agency or
 * another one, against a table written out by hand below. A route the app serves that the
 * table does not mention fails the test, so a new route must be given its row.
 *
 * Codes, for [anonymous, clerk, officer, supervisor, admin]:
 *   L  must sign in (GET: 302 to /dang-nhap; POST: 401)
 *   F  403
 *   N  404
 *   A  allowed: past the access checks (a status below 400, or the handler's own 400/409/413
 *      refusal of the near-empty form this test sends)
 *   D  allowed, the document may not exist for this dossier: as A, or 404
 *   K  the integration API: a staff session is no credential, 401 JSON without an API key
 * `own` is the dossier / record of the viewer's agency (phường Trấn Biên; admin sits at the
 * province centre and sees all), `other` a Sở Tư pháp dossier. Routes that are not about a
 * dossier have the same row for both.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { vnInstant } from '../../src/domain/time.js';
import { Readable } from 'node:stream';
import { buildFileStore } from '../../src/files.js';
import { agencyId, buildTestApp, type TestApp } from '../helpers/app.js';
import { forwardedPetition, markPublished, type TestPetition } from '../helpers/petitions.js';
import { appRoutes, fillPath } from '../helpers/routes.js';
import { ROLES, TU_PHAP, WARD, signInAs, twoAgencies, type RoleName } from '../helpers/two-agencies.js';

const NOW = vnInstant('2026-03-10', '09:30');

type Code = 'L' | 'F' | 'N' | 'A' | 'D' | 'K';
type Row = string; // five codes separated by spaces: anonymous clerk officer supervisor admin
interface Expect {
  own: Row;
  other?: Row;
}

// prettier-ignore
const TABLE: Record<string, Expect> = {
  // public
  'GET /healthz':                              { own: 'A A A A A' },
  'GET /s/:token':                             { own: 'A A A A A' },
  'GET /s/:token/danh-gia':                    { own: 'A A A A A' },
  'POST /s/:token/danh-gia':                   { own: 'A A A A A' },
  // a citizen's question under the timeline (the token is the credential); GET leads back to the page
  'GET /s/:token/cau-hoi':                     { own: 'A A A A A' },
  'POST /s/:token/cau-hoi':                    { own: 'A A A A A' },
  // the sender of a question turned into a petition: named or not in its published answer (art. 19); GET leads back to the page
  'GET /s/:token/cau-hoi/:id/neu-ten':         { own: 'A A A A A' },
  'POST /s/:token/cau-hoi/:id/neu-ten':        { own: 'A A A A A' },
  'GET /s/:token/phieu-xin-loi.pdf':           { own: 'D D D D D' },
  // the electronic result by the token (no result yet here: the link leads back to the status page)
  'GET /s/:token/ket-qua.pdf':                 { own: 'A A A A A' },
  'GET /tra-cuu':                              { own: 'A A A A A' },
  'POST /tra-cuu':                             { own: 'A A A A A' },
  'GET /dang-nhap':                            { own: 'A A A A A' },
  'POST /dang-nhap':                           { own: 'A A A A A' },
  'POST /dang-xuat':                           { own: 'A A A A A' },
  // staff home, intake, search, queue
  // home: each role's page; a visitor's citizen front page
  'GET /':                                     { own: 'A A A A A' },
  'GET /tiep-nhan':                            { own: 'L A F F F' },
  'GET /tiep-nhan/:code':                      { own: 'L A F F F' },
  'POST /tiep-nhan/:code/kiem-tra':            { own: 'L A F F F' },
  'POST /tiep-nhan/:code/xac-nhan':            { own: 'L A F F F' },
  // the counter before receipt: guidance (Mẫu 02) and refusal to receive (Mẫu 03); ids are the records'
  'GET /tiep-nhan/:code/huong-dan-bo-sung':      { own: 'L A F F F' },
  'POST /tiep-nhan/:code/huong-dan-bo-sung':     { own: 'L A F F F' },
  'GET /tiep-nhan/:code/tu-choi-tiep-nhan':      { own: 'L A F F F' },
  'POST /tiep-nhan/:code/tu-choi-tiep-nhan':     { own: 'L A F F F' },
  'GET /tiep-nhan/huong-dan/:id':               { own: 'L D F F F' },
  'GET /tiep-nhan/tu-choi/:id':                 { own: 'L D F F F' },
  'GET /tiep-nhan/huong-dan/:id/phieu-huong-dan.pdf': { own: 'L D F F F' },
  'GET /tiep-nhan/tu-choi/:id/phieu-tu-choi.pdf': { own: 'L D F F F' },
  'GET /ho-so':                                { own: 'L A A A A' },
  'GET /hang-doi':                             { own: 'L F A A F' },
  'POST /ho-so/in-giay-tiep-nhan':             { own: 'L A F A F' },
  // the receipts a batch print recorded, as last printed (what the batch print redirects to)
  'GET /ho-so/in-giay-tiep-nhan/da-in.pdf':    { own: 'L A F A F' },
  // one dossier
  'GET /ho-so/:id':                            { own: 'L A A A A', other: 'L F F F A' },
  'POST /ho-so/:id/thao-tac':                  { own: 'L A A A F', other: 'L F F F F' },
  'GET /ho-so/:id/da-tiep-nhan':               { own: 'L A A A A', other: 'L F F F A' },
  'GET /ho-so/:id/giay-tiep-nhan.pdf':         { own: 'L A A A A', other: 'L F F F A' },
  'POST /ho-so/:id/in-giay-tiep-nhan':         { own: 'L A A A A', other: 'L F F F A' },
  'GET /ho-so/:id/phieu-kiem-soat.pdf':        { own: 'L A A A A', other: 'L F F F A' },
  'GET /ho-so/:id/phieu-yeu-cau-bo-sung.pdf':  { own: 'L D D D D', other: 'L F F F D' },
  'GET /ho-so/:id/phieu-tu-choi.pdf':          { own: 'L D D D D', other: 'L F F F D' },
  'GET /ho-so/:id/phieu-xin-loi.pdf':          { own: 'L D D D D', other: 'L F F F D' },
  'GET /ho-so/:id/thong-bao-dung-giai-quyet.pdf': { own: 'L D D D D', other: 'L F F F D' },
  'POST /ho-so/:id/xin-loi':                   { own: 'L F A A F', other: 'L F F F F' },
  // a dossier's files: scans (clerk, officer, supervisor), the result (officer, supervisor; the clerk where the counter produces it,
  // as 2.000815: here refused as not electronic, 409), the fees paid, a file taken off (gone after the first: 404), a file downloaded
  'POST /ho-so/:id/ban-chup-giay-to':          { own: 'L A A A F', other: 'L F F F F' },
  'POST /ho-so/:id/ket-qua-dien-tu':           { own: 'L A A A F', other: 'L F F F F' },
  'POST /ho-so/:id/da-nop-phi':                { own: 'L A A A F', other: 'L F F F F' },
  'GET /ho-so/:id/tep/:fileId':                { own: 'L A A A A', other: 'L F F F A' },
  'POST /ho-so/:id/tep/:fileId/go-bo':         { own: 'L D D D F', other: 'L F F F F' },
  // apologies the head signs (`:id` is the dossier's)
  'GET /phieu-xin-loi-cho-ky':                 { own: 'L F A A F' },
  'GET /phieu-xin-loi-cho-ky/:id':             { own: 'L F D D F', other: 'L F F F F' },
  'POST /phieu-xin-loi-cho-ky/:id':            { own: 'L F D D F', other: 'L F F F F' },
  // citizens' questions: the inbox of the viewer's agency; the answer (`:id` is the question's, on the dossier of that side)
  'GET /cau-hoi':                              { own: 'L A A A F' },
  'POST /cau-hoi/:id/tra-loi':                 { own: 'L A A A F', other: 'L F F F F' },
  // "Chuyển thành PAKN": another agency's question is not found, as the other cross-agency actions
  'POST /cau-hoi/:id/chuyen-pakn':             { own: 'L A A A F', other: 'L N N N F' },
  // the Zalo OA's webhook: 404 without the OA configured (as here), whoever asks; signed by Zalo, never by a session
  'POST /zalo/webhook':                        { own: 'N N N N N' },
  // the integration API: an API key, whatever the session (its document is public)
  'GET /api/v1/openapi.json':                  { own: 'A A A A A' },
  'GET /api/v1/changes':                       { own: 'K K K K K' },
  'GET /api/v1/dossiers/:code':                { own: 'K K K K K' },
  'GET /api/v1/procedures':                    { own: 'K K K K K' },
  'POST /api/v1/ho-so-truc-tuyen':             { own: 'K K K K K' },
  // petitions, public: the form (also pre-linked to a Zalo user), the acknowledgement, the status page, published answers
  'GET /phan-anh-kien-nghi':                   { own: 'A A A A A' },
  'POST /phan-anh-kien-nghi':                  { own: 'A A A A A' },
  'GET /phan-anh-kien-nghi/zalo/:token':       { own: 'A A A A A' },
  'GET /phan-anh-kien-nghi/da-nhan/:token':    { own: 'A A A A A' },
  'GET /phan-anh-kien-nghi/theo-doi/:token':   { own: 'A A A A A' },
  'GET /phan-anh-kien-nghi/da-tra-loi':        { own: 'A A A A A' },
  'GET /phan-anh-kien-nghi/da-tra-loi/:code':  { own: 'A A A A A' },
  // petitions, staff: `own` forwarded to the viewer's ward, `other` to Sở Tư pháp; the control unit (admin here) sees both
  'GET /xu-ly-pakn':                           { own: 'L F A A A' },
  'GET /xu-ly-pakn/ghi-nhan':                  { own: 'L F F F A' },
  'POST /xu-ly-pakn/ghi-nhan':                 { own: 'L F F F A' },
  'GET /xu-ly-pakn/so-tiep-nhan':              { own: 'L F F F A' },
  'GET /quan-tri/kiem-soat-tthc':              { own: 'L F F F A' },
  'POST /quan-tri/kiem-soat-tthc':             { own: 'L F F F A' },
  'GET /xu-ly-pakn/:id':                       { own: 'L F A A A', other: 'L F N N A' },
  'POST /xu-ly-pakn/:id/thao-tac':             { own: 'L F A A A', other: 'L F N N A' },
  // post (Decision 45/2016): the counter's hand-over records (`:id` is a record of the viewer's agency, or of the other one);
  // the public list of procedures not available by post
  'GET /buu-chinh':                            { own: 'L A F F F' },
  'POST /buu-chinh':                           { own: 'L A F F F' },
  'GET /buu-chinh/bien-ban/:id':               { own: 'L A F F F', other: 'L N F F F' },
  'GET /buu-chinh/bien-ban/:id/them-ho-so':    { own: 'L A F F F', other: 'L N F F F' },
  'POST /buu-chinh/bien-ban/:id/them-ket-qua': { own: 'L A F F F', other: 'L N F F F' },
  'POST /buu-chinh/bien-ban/:id/bo-ra':        { own: 'L D F F F', other: 'L N F F F' },
  'POST /buu-chinh/bien-ban/:id/bao-buu-chinh': { own: 'L A F F F', other: 'L N F F F' },
  'POST /buu-chinh/bien-ban/:id/ky':           { own: 'L A F F F', other: 'L N F F F' },
  'POST /buu-chinh/bien-ban/:id/huy':          { own: 'L A F F F', other: 'L N F F F' },
  'GET /buu-chinh/bien-ban/:id/bien-ban.pdf':  { own: 'L A F F F', other: 'L N F F F' },
  'GET /thu-tuc/khong-qua-buu-chinh':          { own: 'A A A A A' },
  // the satisfaction survey: the citizen's questionnaire (the link is the credential: a dossier's token is none, 404 for all);
  // the report (supervisors their agency, admins all); the administrators' settings
  'GET /khao-sat/:token':                       { own: 'N N N N N' },
  'POST /khao-sat/:token':                      { own: 'N N N N N' },
  'GET /khao-sat-hai-long':                     { own: 'L F F A A' },
  'GET /quan-tri/khao-sat-hai-long':            { own: 'L F F F A' },
  'POST /quan-tri/khao-sat-hai-long':           { own: 'L F F F A' },
  // online pre-submission: the citizen's form (2.000815 allows it here) and tracking page (its token is the key; a
  // registration of each side), its files (the document may have none: D); the counter's queue and one registration
  // of the viewer's agency (`other`: the other agency's, not found)
  'GET /nop-truc-tuyen/:code':                 { own: 'A A A A A' },
  'POST /nop-truc-tuyen/:code':                { own: 'A A A A A' },
  'GET /nop-truc-tuyen/theo-doi/:token':       { own: 'A A A A A' },
  'GET /nop-truc-tuyen/theo-doi/:token/tep/:id': { own: 'D D D D D' },
  'GET /truc-tuyen':                           { own: 'L A F F F' },
  'GET /truc-tuyen/:id':                       { own: 'L A F F F', other: 'L N F F F' },
  'POST /truc-tuyen/:id/tiep-nhan':            { own: 'L A F F F', other: 'L N F F F' },
  'POST /truc-tuyen/:id/tu-choi':              { own: 'L A F F F', other: 'L N F F F' },
  'POST /truc-tuyen/:id/yeu-cau-bo-sung':      { own: 'L A F F F', other: 'L N F F F' },
  'GET /truc-tuyen/tep/:id':                   { own: 'L D F F F', other: 'L N F F F' },
  // The public catalogue (everyone, signed in or not)
  'GET /thu-tuc':                              { own: 'A A A A A' },
  'GET /thu-tuc/:code':                        { own: 'A A A A A' },
  'GET /thu-tuc/:code/giay-to-can-mang.pdf':   { own: 'A A A A A' },
  // messages, ratings, reports
  'GET /thong-bao':                            { own: 'L A A A A' },
  'GET /thong-bao/mau':                        { own: 'L A A A A' },
  'POST /thong-bao/mau/:key/bat-tat':          { own: 'L F F F A' },
  'GET /danh-gia':                             { own: 'L F F A A' },
  'POST /danh-gia/:id/theo-doi':               { own: 'L F F D D' },
  'GET /bao-cao':                              { own: 'L F F A A' },
  'GET /bao-cao/:report':                      { own: 'L F F A A' },
  // Decision 766's scorecard; the portal's published scores are entered by an administrator
  'GET /bang-diem-766':                        { own: 'L F F A A' },
  // officers judged over time: an officer their own page, a supervisor their agency's officers
  'GET /danh-gia-can-bo':                      { own: 'L F A A A' },
  'GET /quan-tri/bang-diem-766':               { own: 'L F F F A' },
  'POST /quan-tri/bang-diem-766':              { own: 'L F F F A' },
  // administration and jobs
  'GET /quan-tri':                             { own: 'L F F F A' },
  'GET /quan-tri/tac-vu':                      { own: 'L F F F A' },
  'POST /quan-tri/tac-vu/:job/chay-ngay':      { own: 'L F F F A' },
  'GET /quan-tri/can-bo':                      { own: 'L F F F A' },
  'GET /quan-tri/can-bo/moi':                  { own: 'L F F F A' },
  'POST /quan-tri/can-bo/moi':                 { own: 'L F F F A' },
  'GET /quan-tri/can-bo/:id':                  { own: 'L F F F A' },
  'POST /quan-tri/can-bo/:id':                 { own: 'L F F F A' },
  'POST /quan-tri/can-bo/:id/vo-hieu-hoa':     { own: 'L F F F A' },
  'POST /quan-tri/can-bo/:id/kich-hoat':       { own: 'L F F F A' },
  'POST /quan-tri/can-bo/:id/dat-lai-mat-khau': { own: 'L F F F A' },
  'GET /quan-tri/khoa-api':                    { own: 'L F F F A' },
  'GET /quan-tri/khoa-api/moi':                { own: 'L F F F A' },
  'POST /quan-tri/khoa-api/moi':               { own: 'L F F F A' },
  'GET /quan-tri/khoa-api/:id':                { own: 'L F F F A' },
  'POST /quan-tri/khoa-api/:id/thu-hoi':       { own: 'L F F F A' },
  'GET /quan-tri/co-quan':                     { own: 'L F F F A' },
  'GET /quan-tri/co-quan/moi':                 { own: 'L F F F A' },
  'POST /quan-tri/co-quan/moi':                { own: 'L F F F A' },
  'GET /quan-tri/co-quan/:id':                 { own: 'L F F F A' },
  'POST /quan-tri/co-quan/:id':                { own: 'L F F F A' },
  'GET /quan-tri/thu-tuc':                     { own: 'L F F F A' },
  'GET /quan-tri/thu-tuc/moi':                 { own: 'L F F F A' },
  'POST /quan-tri/thu-tuc/moi':                { own: 'L F F F A' },
  'GET /quan-tri/thu-tuc/nhap-csv':            { own: 'L F F F A' },
  'POST /quan-tri/thu-tuc/nhap-csv':           { own: 'L F F F A' },
  // what one committed import did (the page the import redirects to); the id may be no import's
  'GET /quan-tri/thu-tuc/nhap-csv/:id':        { own: 'L F F F D' },
  // the national catalogue import: the form, the upload, the fetch (404 without CATALOGUE_NATIONAL_URL),
  // one kept import and its confirmation (the id may be no import's), a procedure's version
  'GET /quan-tri/thu-tuc/nhap-quoc-gia':       { own: 'L F F F A' },
  'POST /quan-tri/thu-tuc/nhap-quoc-gia':      { own: 'L F F F A' },
  'POST /quan-tri/thu-tuc/nhap-quoc-gia/lay-du-lieu': { own: 'L F F F D' },
  'GET /quan-tri/thu-tuc/nhap-quoc-gia/:id':   { own: 'L F F F D' },
  'POST /quan-tri/thu-tuc/nhap-quoc-gia/:id/ap-dung': { own: 'L F F F D' },
  'GET /quan-tri/thu-tuc/:id/phien-ban/:version': { own: 'L F F F A' },
  'GET /quan-tri/thu-tuc/:id':                 { own: 'L F F F A' },
  'POST /quan-tri/thu-tuc/:id':                { own: 'L F F F A' },
  // the national portal sync: the page, "Gửi lại" (no such row here: 404; every failed row), the status map
  'GET /quan-tri/cong-dvcqg':                  { own: 'L F F F A' },
  'POST /quan-tri/cong-dvcqg/gui-lai/:id':     { own: 'L F F F D' },
  'POST /quan-tri/cong-dvcqg/gui-lai-tat-ca/:kind': { own: 'L F F F A' },
  'GET /quan-tri/cong-dvcqg/trang-thai':       { own: 'L F F F A' },
  'POST /quan-tri/cong-dvcqg/trang-thai':      { own: 'L F F F A' },
  'GET /quan-tri/lich-nghi':                   { own: 'L F F F A' },
  'GET /quan-tri/lich-nghi/moi':               { own: 'L F F F A' },
  'POST /quan-tri/lich-nghi/moi':              { own: 'L F F F A' },
  'GET /quan-tri/lich-nghi/:date':             { own: 'L F F F A' },
  'POST /quan-tri/lich-nghi/:date':            { own: 'L F F F A' },
  'POST /quan-tri/lich-nghi/:date/xac-nhan':   { own: 'L F F F A' },
  'POST /quan-tri/lich-nghi/:date/xoa':        { own: 'L F F F A' },
  // what one calendar change did (the page the holiday forms redirect to); the id may be no change's
  'GET /quan-tri/lich-nghi/thay-doi/:id':      { own: 'L F F F D' },
};

type Agent = ReturnType<typeof request.agent>;

function codes(row: Row): Code[] {
  const c = row.trim().split(/\s+/) as Code[];
  if (c.length !== 5 || c.some((x) => !'LFNADK'.includes(x))) throw new Error(`bad row "${row}"`);
  return c;
}

function matches(code: Code, method: string, res: request.Response): boolean {
  const s = res.status;
  if (s >= 500) return false;
  switch (code) {
    case 'L':
      return method === 'GET' ? s === 302 && String(res.headers.location).startsWith('/dang-nhap') : s === 401;
    case 'F':
      return s === 403;
    case 'N':
      return s === 404;
    case 'A':
      return s < 400 || (method === 'POST' && [400, 409, 413].includes(s));
    case 'D':
      return s < 400 || s === 404 || (method === 'POST' && [400, 409].includes(s));
    case 'K':
      return s === 401 && /application\/json/.test(String(res.headers['content-type']));
  }
}

describe('access-control matrix', () => {
  let t: TestApp;
  const agents = new Map<RoleName, { agent: Agent; csrf: string }>();
  let own: { id: number; token: string; code: string };
  let other: { id: number; token: string; code: string };
  const ids: Record<string, string> = {};
  let ownPetition: TestPetition;
  let otherPetition: TestPetition;

  before(async () => {
    t = await buildTestApp({ now: NOW, env: { LOGIN_RATE_LIMIT: '100000', LOOKUP_RATE_LIMIT: '100000' } });
    const world = await twoAgencies(t, 'mx');
    for (const [role, session] of world.agents) agents.set(role, session);
    const victim = world.victimId;
    const ownId = world.ownDossierId;
    const otherId = world.otherDossierId;
    const row = async (id: number) => {
      const d = await t.db('dossiers').where({ id }).first('id', 'public_token', 'code');
      return { id: d.id as number, token: d.public_token as string, code: d.code as string };
    };
    own = await row(ownId);
    other = await row(otherId);
    // One citizen's question on each dossier, for the answer route.
    for (const [d, key] of [[own, 'ownQuestion'], [other, 'otherQuestion']] as const) {
      const [q] = await t.db('dossier_questions').insert({ dossier_id: d.id, channel: 'status_page', text: 'Xin hỏi', asked_at: NOW, answer_due_at: NOW, ip: null }).returning('id');
      ids[key] = String(typeof q === 'object' ? q.id : q);
    }
    // One message for each dossier, to a phone whose digits are easy to look for.
    for (const [d, phone] of [[own, '0911000111'], [other, '0964123765']] as const) {
      await t.db('outbox_messages').insert({
        channel: 'sms', recipient: phone, template: 'result_ready', data: JSON.stringify({ code: d.code, status_url: 'http://motcua.test/s/x' }),
        reference: d.code, dossier_id: d.id, idempotency_key: `mx:${d.id}`, status: 'delivered', attempts: 1, next_attempt_at: NOW, created_at: NOW, updated_at: NOW,
      });
    }
    // One petition forwarded to each side, the first published.
    ownPetition = await forwardedPetition(t, { adminUsername: 'mx.admin', agencyEid: WARD });
    otherPetition = await forwardedPetition(t, { adminUsername: 'mx.admin', agencyEid: TU_PHAP });
    await markPublished(t, ownPetition.id);
    // Each question became its side's petition (the status page's consent form).
    await t.db('dossier_questions').where({ id: Number(ids.ownQuestion) }).update({ petition_id: ownPetition.id });
    await t.db('dossier_questions').where({ id: Number(ids.otherQuestion) }).update({ petition_id: otherPetition.id });
    const procedure = await t.db('procedures').where({ code: '2.000815' }).first('id');
    const holiday = await t.db('holidays').orderBy('date', 'desc').first('date');
    const [apiKey] = await t.db('api_keys').insert({ name: 'Khóa thử', prefix: '0123456789', secret_hash: '0'.repeat(64), all_agencies: true, personal_data: false, created_at: NOW }).returning('id');
    // One postal hand-over record (inbound, empty) of each side.
    const opener = await t.db('users').first('id');
    for (const [eid, key] of [[WARD, 'ownBatch'], [TU_PHAP, 'otherBatch']] as const) {
      const [b] = await t.db('postal_batches').insert({ agency_id: await agencyId(t.db, eid), direction: 'inbound', status: 'open', worker_name: 'Phạm Văn Bưu', postal_unit: 'Bưu cục', opened_by: opener.id, opened_at: NOW }).returning('id');
      ids[key] = String(typeof b === 'object' ? b.id : b);
    }
    // One scan on each dossier, its bytes in the store.
    const stored = await buildFileStore(t.config).put(Readable.from([Buffer.from('%PDF-1.4\n%%EOF\n')]));
    assert.ok(stored.ok);
    for (const [d, key] of [[own, 'ownFile'], [other, 'otherFile']] as const) {
      const [f] = await t.db('dossier_files').insert({ dossier_id: d.id, purpose: 'document', source: 'counter', sha256: stored.value.sha256, kind: 'pdf', size: stored.value.size, name: 'ban-chup.pdf', added_at: NOW }).returning('id');
      ids[key] = String(typeof f === 'object' ? f.id : f);
    }
    // One online registration waiting at each side (2.000815 takes them here), with a document without a file.
    await t.db('procedures').where({ id: procedure.id }).update({ online_level: 'partial' });
    for (const [eid, key] of [[WARD, 'own'], [TU_PHAP, 'other']] as const) {
      const [p] = await t.db('presubmissions').insert({ code: `TT-260310-${key === 'own' ? 'AAAAAA' : 'BBBBBB'}`, public_token: `${key}-presubmission-token-0123456789`, source: 'web', procedure_id: procedure.id, agency_id: await agencyId(t.db, eid), online_level: 'partial', applicant_name: 'Lê Thị Mai', applicant_phone: '0912345678', input_json: '{}', status: 'waiting', submitted_at: NOW, expires_at: NOW }).returning('id');
      const id = typeof p === 'object' ? p.id : p;
      const [doc] = await t.db('presubmission_documents').insert({ presubmission_id: id, position: 1, name: 'Bản chính giấy tờ', paper: true }).returning('id');
      Object.assign(ids, { [`${key}Presubmission`]: String(id), [`${key}PresubmissionToken`]: `${key}-presubmission-token-0123456789`, [`${key}PresubmissionDoc`]: String(typeof doc === 'object' ? doc.id : doc) });
    }
    Object.assign(ids, {
      apiKey: String(typeof apiKey === 'object' ? apiKey.id : apiKey),
      user: String(victim),
      agency: String(await agencyId(t.db, WARD)),
      procedure: String(procedure.id),
      // 2.000815's version 1: its national record, shipped by the reference seed.
      version: String((await t.db('procedure_versions').where({ procedure_id: procedure.id }).first('id')).id),
      date: typeof holiday.date === 'string' ? holiday.date.slice(0, 10) : new Date(holiday.date).toISOString().slice(0, 10),
    });
  });
  after(() => t?.cleanup());

  function url(pattern: string, side: 'own' | 'other'): string {
    const d = side === 'own' ? own : other;
    const petition = side === 'own' ? ownPetition : otherPetition;
    const aboutPetitions = pattern.startsWith('/xu-ly-pakn') || pattern.startsWith('/phan-anh-kien-nghi');
    if (pattern.startsWith('/truc-tuyen') || pattern.startsWith('/nop-truc-tuyen/theo-doi')) {
      return fillPath(pattern, { id: pattern.includes('/tep/') ? ids[`${side}PresubmissionDoc`]! : ids[`${side}Presubmission`]!, token: ids[`${side}PresubmissionToken`]! });
    }
    return fillPath(pattern, {
      id: aboutPetitions ? String(petition.id) : pattern.startsWith('/buu-chinh') ? (side === 'own' ? ids.ownBatch! : ids.otherBatch!) : pattern.startsWith('/cau-hoi') || pattern.startsWith('/s/:token/cau-hoi/') ? (side === 'own' ? ids.ownQuestion! : ids.otherQuestion!) : pattern.startsWith('/quan-tri/can-bo') ? ids.user! : pattern.startsWith('/quan-tri/co-quan') ? ids.agency! : pattern.startsWith('/quan-tri/thu-tuc') ? ids.procedure! : pattern.startsWith('/quan-tri/khoa-api') ? ids.apiKey! : String(d.id),
      token: aboutPetitions ? petition.token : d.token,
      // A published petition's code (the own one is published), else a procedure code.
      code: aboutPetitions ? ownPetition.code : '2.000815',
      version: ids.version!,
      fileId: side === 'own' ? ids.ownFile! : ids.otherFile!,
      report: 'so-theo-doi',
      date: ids.date!,
      kind: 'failed',
      job: 'cleanup',
      key: 'receipt',
    });
  }

  test('the table names every route the app serves, and only those', () => {
    const served = appRoutes(t.app).map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(served.filter((r) => !(r in TABLE)), [], 'routes the access table does not mention: give each its row');
    assert.deepEqual(Object.keys(TABLE).filter((r) => !served.includes(r)), [], 'rows of the access table for routes the app no longer serves');
  });

  test('every route × role × own/other agency answers as the table says', async (tt) => {
    const wrong: string[] = [];
    let checked = 0;
    for (const r of appRoutes(t.app)) {
      const key = `${r.method} ${r.path}`;
      const e = TABLE[key];
      if (!e) continue; // reported by the test above
      const sides: Array<'own' | 'other'> = (r.params.includes('id') && !r.path.startsWith('/quan-tri')) || r.params.includes('token') ? ['own', 'other'] : ['own'];
      for (const side of sides) {
        const row = codes(side === 'other' ? (e.other ?? e.own) : e.own);
        for (const [i, role] of ROLES.entries()) {
          const { agent, csrf } = agents.get(role)!;
          // The printed-receipts PDF names its dossiers in the query: the own agency's dossier.
          const u = r.path === '/ho-so/in-giay-tiep-nhan/da-in.pdf' ? `${r.path}?ids=${own.id}` : url(r.path, side);
          const res = r.method === 'GET' ? await agent.get(u).redirects(0) : await agent.post(u).redirects(0).type('form').send({ _csrf: csrf });
          checked++;
          if (!matches(row[i]!, r.method, res)) wrong.push(`${key} as ${role} (${side} agency) → ${res.status}${res.headers.location ? ` ${res.headers.location}` : ''}, expected ${row[i]}`);
          if (r.path === '/dang-xuat') agents.set(role, await signInAs(t, 'mx', role));
        }
      }
    }
    tt.diagnostic(`access matrix: ${checked} requests`);
    assert.deepEqual(wrong, []);
  });

  test('lists show only the viewer agency: messages, search, queue, register, ratings (admin sees all)', async () => {
    const wrong: string[] = [];
    for (const role of ['clerk', 'officer', 'supervisor', 'admin'] as const) {
      const { agent } = agents.get(role)!;
      const otherAgency = await agencyId(t.db, TU_PHAP);
      const pages = ['/thong-bao', '/ho-so', '/hang-doi', '/hang-doi?xem=don-vi', `/bao-cao/so-theo-doi?co_quan=${otherAgency}`, `/danh-gia?co_quan=${otherAgency}`, '/xu-ly-pakn', `/bao-cao/phan-anh-kien-nghi?co_quan=${otherAgency}`];
      for (const page of pages) {
        const res = await agent.get(page).redirects(0);
        if (res.status !== 200) continue; // the matrix above checks who may open it
        const text = res.text;
        if (role === 'admin') {
          if (page === '/thong-bao' && !text.includes(other.code)) wrong.push(`admin does not see the other agency's message on ${page}`);
          if (page === '/xu-ly-pakn' && !text.includes(otherPetition.code)) wrong.push(`admin (the control unit) does not see the petition forwarded to the other agency on ${page}`);
          continue;
        }
        if (text.includes(other.code)) wrong.push(`${role} sees the other agency's dossier ${other.code} on ${page}`);
        if (text.includes(otherPetition.code)) wrong.push(`${role} sees the petition ${otherPetition.code} forwarded to the other agency on ${page}`);
        if (page === '/xu-ly-pakn' && role !== 'clerk' && !text.includes(ownPetition.code)) wrong.push(`${role} does not see the petition forwarded to their agency on ${page}`);
        if (text.includes('0964')) wrong.push(`${role} sees the other agency's recipient on ${page}`);
        // A masked phone shows none of its last four digits (those are the lookup secret).
        const masked = text.match(/0911[^\s<"]*/g) ?? [];
        for (const m of masked) if (/[^\d]\d+$/.test(m) || m.includes('0111')) wrong.push(`${role} sees ${m} (digits of the lookup secret) on ${page}`);
      }
      // Searching for the other agency's code must not open or list it either.
      const found = await agent.get(`/ho-so?q=${encodeURIComponent(other.code)}`).redirects(0);
      if (found.status === 302 || found.status === 303) {
        const next = await agent.get(String(found.headers.location)).redirects(0);
        if (role !== 'admin' && next.status === 200) wrong.push(`${role} opens the other agency's dossier through search`);
      } else if (role !== 'admin' && found.text.includes(other.code.slice(-8)) && found.text.split(other.code).length > 2) {
        wrong.push(`${role} finds the other agency's dossier in search results`);
      }
    }
    assert.deepEqual(wrong, []);
  });
});
