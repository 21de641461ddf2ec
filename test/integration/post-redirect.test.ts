/**
 * Issue 20 #7: reloading a page must never send a form again. Every POST route the app serves
 * (read from its router) is walked with a request that succeeds, built from fixtures; a
 * successful POST must answer with a redirect (303/302) to a page that answers 200, so the
 * browser ends on a GET. The few POSTs that may answer 200 are listed with the reason, and
 * for them the test checks that the request wrote nothing (a preview, a check page, a form
 * prefilled from another). A POST route without an entry in REGISTRY fails the test, so a new
 * route must say what it does.
 *
 * Downloads: a POST that records something and produces a file (printing a receipt, a batch
 * of receipts) records, then redirects to a GET of the file that records nothing; so a reload
 * of the PDF tab re-fetches it, never counts another print. A POST that only rendered a file
 * without writing could answer 200, but none is left.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { vnInstant } from '../../src/domain/time.js';
import { agencyId, buildTestApp, certifiedCopyForm, createStaff, dossierIdFromRedirect, PASSWORD, signIn, type TestApp } from '../helpers/app.js';
import { procedureEditForm } from '../helpers/fixtures.js';
import { runJob } from '../helpers/jobs.js';
import { forwardedPetition } from '../helpers/petitions.js';
import { insertSyncRow } from '../helpers/portal-sync-rows.js';
import { appRoutes, formsOf, tableCounts } from '../helpers/routes.js';
import { tokenHashOf } from '../../src/features/survey/survey.service.js';
import { startNationalPeer, type NationalPeer } from '../helpers/national-peer.js';

const WARD = '000.31.01.H26';
/** A procedure in the national database's shape (the catalogue import's upload and fetch). */
const NATIONAL_RECORD: Record<string, unknown> = {
  MATTHC: '9.990101',
  TENTTHC: 'Thủ tục thử nghiệm từ Cơ sở dữ liệu quốc gia',
  LINHVUCTHUCHIEN: [{ TENLINHVUC: 'Thử nghiệm' }],
  CACHTHUCTHUCHIEN: [{ KENH: '1', THOIGIAN: [{ THOIGIANGIAIQUYET: '3', DONVITINH: 'Ngày làm việc' }] }],
};
const CENTRE = '000.00.01.H26';
type Agent = Awaited<ReturnType<typeof signIn>>;
type Body = Record<string, string | string[]>;
/** One request: who sends it, where, with what (the CSRF token is added). */
interface Call {
  who: Agent | 'anonymous';
  url: string;
  body: Body;
  /** A form with files (multipart, its _csrf first): each [input name, bytes, file name]. */
  files?: Array<[string, Buffer, string]>;
  /** A public form with files: its own page gives the visitor's token and the form's nonce (each checklist row gets a small PDF unless `files` says otherwise). */
  multipart?: boolean;
}
/** A small PDF the upload forms take (a scan, a result). */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

/**
 * Per POST pattern, the successful requests to make: `redirect` (a state change, or a form
 * that leads elsewhere: must answer 303/302) or `render` (may answer 200; must write nothing),
 * or `exempt` with the reason the route is not a browser form.
 */
type Case = { expect: 'redirect'; call: () => Promise<Call> } | { expect: 'render'; why: string; call: () => Promise<Call> };
type Entry = Case[] | { exempt: string };

/** Tables a request that writes nothing may still touch: throttling and session bookkeeping. */
const BOOKKEEPING = new Set(['rate_limits', 'sessions', 'login_failures']);

describe('every successful POST redirects (Post/Redirect/Get)', () => {
  let t: TestApp;
  let clerk: Agent, officer: Agent, head: Agent, admin: Agent;
  let dossier: number; // 2.000815, received by the clerk over HTTP
  let apologyDossier: number; // 1.001612, taken by the officer, with an apology draft prepared by the job
  let token: string;
  let victimId: number;
  let wardId: number;
  let nationalPeer: NationalPeer;

  let outboundBatch = 0;
  /** A new postal hand-over record of the clerk's agency, opened over HTTP. */
  const postBatch = async (huong: 'inbound' | 'outbound'): Promise<number> => {
    const res = await clerk.agent.post('/buu-chinh').type('form').send({ huong, nhan_vien: 'Võ Thị Phát', dien_thoai: '', don_vi: 'Bưu cục Trấn Biên', email: 'buucuc@example.vn', ghi_chu: '', _csrf: clerk.csrf }).expect(303);
    return Number(/bien-ban\/(\d+)/.exec(String(res.headers.location))![1]!);
  };
  const version = async (id: number) => String((await t.db('dossiers').where({ id }).first('version')).version);
  const page = async (who: Agent, url: string) => (await who.agent.get(url).expect(200)).text;
  /** The fields of the page's form posting to `action` (its #loi anchor aside), as the page fills them. */
  const formOn = (html: string, action: string): Body => {
    const form = formsOf(html).find((f) => f.method === 'POST' && f.action.replace(/#.*$/, '') === action);
    assert.ok(form, `a form posting to ${action}`);
    return Object.fromEntries([...form.fields].filter(([k]) => k !== '_csrf'));
  };

  before(async () => {
    // Wednesday 25/11/2026 10:00 (the apology test's worked dates).
    // A local national procedure database: the catalogue import's fetch needs one to succeed.
    nationalPeer = await startNationalPeer([NATIONAL_RECORD]);
    t = await buildTestApp({ now: vnInstant('2026-11-25', '10:00'), env: { SESSION_TTL_HOURS: '720', ...nationalPeer.env } });
    await createStaff(t.db, 'clerk', 'clerk', WARD, 'Nguyễn Thị Thu Hà');
    await createStaff(t.db, 'officer', 'officer', WARD, 'Trần Minh Khoa');
    await createStaff(t.db, 'head', 'supervisor', WARD, 'Hoàng Văn Lộc');
    await createStaff(t.db, 'admin', 'admin', CENTRE, 'Võ Đức Anh');
    await createStaff(t.db, 'kiemsoat', 'supervisor', CENTRE, 'Đặng Thu Trang');
    victimId = await createStaff(t.db, 'victim', 'officer', WARD, 'Lê Văn Thử');
    wardId = await agencyId(t.db, WARD);
    // 2.000815 takes online pre-submissions here.
    await t.db('procedures').where({ code: '2.000815' }).update({ online_level: 'full' });
    [clerk, officer, head, admin] = (await Promise.all(['clerk', 'officer', 'head', 'admin'].map((u) => signIn(t.http, u)))) as [Agent, Agent, Agent, Agent];

    const made = await clerk.agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...certifiedCopyForm(), action: 'confirm', _csrf: clerk.csrf }).expect(303);
    dossier = dossierIdFromRedirect(made.headers.location);
    token = (await t.db('dossiers').where({ id: dossier }).first('public_token')).public_token;

    const business = { ...certifiedCopyForm({ applicant_email: 'thao@example.vn' }), doc_3_received: 'on', doc_4_received: 'on', action: 'confirm', _csrf: clerk.csrf };
    apologyDossier = dossierIdFromRedirect((await clerk.agent.post('/tiep-nhan/1.001612/xac-nhan').type('form').send(business).expect(303)).headers.location);
    await officer.agent.post(`/ho-so/${apologyDossier}/thao-tac`).type('form').send({ _csrf: officer.csrf, action: 'take', version: await version(apologyDossier) }).expect(303);
    // Thursday 07:00: two working days left, the apology job prepares the draft.
    t.clock.set(vnInstant('2026-11-26', '07:00'));
    const run = await runJob(t.deps, 'apology');
    assert.ok(run.ran && 'counts' in run && run.counts.reminded === 1, JSON.stringify(run));
  });
  after(async () => {
    await t.cleanup();
    await nationalPeer.close();
  });

  const REGISTRY: Record<string, Entry> = {
    'POST /dang-nhap': [
      { expect: 'redirect', call: async () => ({ who: 'anonymous', url: '/dang-nhap', body: { username: 'victim', password: PASSWORD, next: '/' } }) },
    ],
    'POST /dang-xuat': [{ expect: 'redirect', call: async () => ({ who: await signIn(t.http, 'victim'), url: '/dang-xuat', body: {} }) }],
    'POST /tra-cuu': [{ expect: 'redirect', call: async () => ({ who: 'anonymous', url: '/tra-cuu', body: { code: (await t.db('dossiers').where({ id: dossier }).first('code')).code, phone_last4: '4321' } }) }],
    'POST /s/:token/cau-hoi': [{ expect: 'redirect', call: async () => ({ who: 'anonymous', url: `/s/${token}/cau-hoi`, body: { cau_hoi: 'Khi nào tôi nhận được kết quả?' } }) }],
    'POST /cau-hoi/:id/tra-loi': [
      {
        expect: 'redirect',
        call: async () => {
          const q = await t.db('dossier_questions').where({ dossier_id: dossier }).orderBy('id', 'desc').first('id');
          assert.ok(q, 'the citizen asked first (POST /s/:token/cau-hoi)');
          return { who: officer, url: `/cau-hoi/${q.id}/tra-loi`, body: { noi_dung: 'Chiều nay ông/bà nhận được kết quả tại quầy.', loai: 'tra_loi', xac_nhan: '' } };
        },
      },
    ],
    'POST /cau-hoi/:id/chuyen-pakn': [
      {
        expect: 'redirect',
        call: async () => {
          const q = await t.db('dossier_questions').where({ dossier_id: dossier }).orderBy('id', 'desc').first('id');
          assert.ok(q, 'the citizen asked first (POST /s/:token/cau-hoi)');
          return { who: officer, url: `/cau-hoi/${q.id}/chuyen-pakn`, body: { loai_pakn: 'handling' } };
        },
      },
    ],
    'POST /s/:token/cau-hoi/:id/neu-ten': [
      {
        expect: 'redirect',
        call: async () => {
          const q = await t.db('dossier_questions').where({ dossier_id: dossier }).whereNotNull('petition_id').orderBy('id', 'desc').first('id');
          assert.ok(q, 'the question became a petition first (POST /cau-hoi/:id/chuyen-pakn)');
          return { who: 'anonymous', url: `/s/${token}/cau-hoi/${q.id}/neu-ten`, body: { neu_ten: 'co' } };
        },
      },
    ],
    'POST /tiep-nhan/:code/kiem-tra': [
      { expect: 'render', why: 'the check page before receipt: shows what will be recorded, writes nothing', call: async () => ({ who: clerk, url: '/tiep-nhan/2.000815/kiem-tra', body: certifiedCopyForm({ applicant_id_number: '075190009999' }) }) },
    ],
    'POST /tiep-nhan/:code/xac-nhan': [
      {
        expect: 'redirect',
        call: async () => {
          const key = /name="intake_key" value="([^"]+)"/.exec(await page(clerk, '/tiep-nhan/2.000815'))![1]!;
          return { who: clerk, url: '/tiep-nhan/2.000815/xac-nhan', body: { ...certifiedCopyForm({ applicant_id_number: '075190008888' }), intake_key: key, action: 'confirm' } };
        },
      },
    ],
    'POST /tiep-nhan/:code/huong-dan-bo-sung': [
      { expect: 'render', why: 'the guidance form prefilled from the intake form: writes nothing', call: async () => ({ who: clerk, url: '/tiep-nhan/2.000815/huong-dan-bo-sung', body: { ...certifiedCopyForm(), counter_step: 'start' } }) },
      {
        expect: 'redirect',
        call: async () => ({ who: clerk, url: '/tiep-nhan/2.000815/huong-dan-bo-sung', body: { counter_step: 'issue', applicant_name: 'Trần Văn Bình', items: 'Bản chính giấy khai sinh', reason: 'Chưa mang bản chính để đối chiếu.' } }),
      },
    ],
    'POST /tiep-nhan/:code/tu-choi-tiep-nhan': [
      { expect: 'render', why: 'the refusal form prefilled from the intake form: writes nothing', call: async () => ({ who: clerk, url: '/tiep-nhan/2.000815/tu-choi-tiep-nhan', body: { ...certifiedCopyForm(), counter_step: 'start' } }) },
      { expect: 'redirect', call: async () => ({ who: clerk, url: '/tiep-nhan/2.000815/tu-choi-tiep-nhan', body: { counter_step: 'issue', applicant_name: 'Lê Hoàng Nam', reason: 'Không thuộc thẩm quyền.' } }) },
    ],
    'POST /ho-so/:id/in-giay-tiep-nhan': [{ expect: 'redirect', call: async () => ({ who: clerk, url: `/ho-so/${dossier}/in-giay-tiep-nhan`, body: {} }) }],
    'POST /ho-so/in-giay-tiep-nhan': [
      { expect: 'redirect', call: async () => ({ who: clerk, url: '/ho-so/in-giay-tiep-nhan', body: { ids: [String(dossier)] } }) },
      { expect: 'redirect', call: async () => ({ who: clerk, url: '/ho-so/in-giay-tiep-nhan', body: { hom_nay: '1' } }) },
    ],
    'POST /ho-so/:id/thao-tac': [
      { expect: 'redirect', call: async () => ({ who: clerk, url: `/ho-so/${dossier}/thao-tac`, body: { action: 'mark_result_ready', version: await version(dossier) } }) },
      { expect: 'redirect', call: async () => ({ who: clerk, url: `/ho-so/${dossier}/thao-tac`, body: { action: 'return_result', note: 'Nguyễn Thị Thảo', version: await version(dossier) } }) },
    ],
    'POST /s/:token/danh-gia': [{ expect: 'redirect', call: async () => ({ who: 'anonymous', url: `/s/${token}/danh-gia`, body: { level: 'unsatisfied', comment: 'Phải chờ quá lâu ở quầy, không có chỗ ngồi.' } }) }],
    'POST /danh-gia/:id/theo-doi': [
      {
        expect: 'redirect',
        call: async () => {
          const r = await t.db('dossier_ratings').where({ dossier_id: dossier }).first('id');
          assert.ok(r, 'the citizen rated first (POST /s/:token/danh-gia)');
          return { who: head, url: `/danh-gia/${r.id}/theo-doi`, body: { note: 'Đã gọi điện xin lỗi và bố trí thêm ghế chờ tại quầy.' } };
        },
      },
    ],
    'POST /phieu-xin-loi-cho-ky/:id': [
      {
        expect: 'redirect',
        call: async () => ({ who: officer, url: `/phieu-xin-loi-cho-ky/${apologyDossier}`, body: { action: 'save', reason: 'Chờ kết quả xác minh của Công an phường.', new_date: '2026-12-04', new_time: '16:00' } }),
      },
    ],
    'POST /ho-so/:id/xin-loi': [
      {
        expect: 'redirect',
        call: async () => ({ who: head, url: `/ho-so/${apologyDossier}/xin-loi`, body: { reason: 'Chờ kết quả xác minh của Công an phường.', new_date: '2026-12-04', new_time: '16:00' } }),
      },
    ],
    'POST /khao-sat/:token': [
      {
        expect: 'redirect',
        // An invitation as the survey's draw stores it (its hash only): the citizen answers from the link.
        call: async () => {
          const agency = (await t.db('agencies').first('id')).id as number;
          const [row] = await t.db('survey_rounds').insert({ period_kind: 'quarter', first_day: '2026-07-01', last_day: '2026-09-30', drawn_at: vnInstant('2026-10-05'), closes_at: vnInstant('2027-12-31') }).returning('id');
          const link = 'post-redirect-survey-link-0000000000001';
          await t.db('survey_invitations').insert({ token_hash: tokenHashOf(link), round_id: typeof row === 'object' ? (row as { id: number }).id : row, agency_id: agency, answered: false });
          return { who: 'anonymous', url: `/khao-sat/${link}`, body: { tiep_can: '5', thu_tuc: '4', cong_chuc: '5', ket_qua: '4', gop_y: '0', y_kien: '' } };
        },
      },
    ],
    'POST /quan-tri/khao-sat-hai-long': [
      { expect: 'redirect', call: async () => ({ who: admin, url: '/quan-tri/khao-sat-hai-long', body: { ky: 'quarter', co_mau_mac_dinh: '20', so_ngay: '30' } }) },
    ],
    'POST /phan-anh-kien-nghi': [
      {
        expect: 'redirect',
        // The form's one-time nonce is bound to the visitor: the walk below takes it from the page the same visitor opened.
        call: async () => {
          return {
            who: 'anonymous',
            url: '/phan-anh-kien-nghi',
            body: { loai: 'handling', noi_dung: 'Thời gian chờ tại quầy quá lâu.', nguoi_gui: 'individual', ho_ten: 'Trần Thị Bình', dia_chi: '5 Phan Trung, phường Tam Hiệp', dien_thoai: '0912000333', email: '', cong_khai: 'on' },
          };
        },
      },
    ],
    'POST /xu-ly-pakn/:id/thao-tac': [
      {
        expect: 'redirect',
        call: async () => {
          const p = await forwardedPetition(t, { adminUsername: 'kiemsoat', agencyEid: WARD });
          const v = await t.db('petition_events').where({ petition_id: p.id }).whereNotNull('to_status').max({ v: 'seq' }).first();
          return { who: officer, url: `/xu-ly-pakn/${p.id}/thao-tac`, body: { thao_tac: 'draft', phien_ban: String(v?.v), noi_dung_tra_loi: 'Phường đã bố trí thêm một quầy tiếp nhận vào buổi sáng.', ket_qua: 'explain' } };
        },
      },
    ],
    'POST /xu-ly-pakn/ghi-nhan': [
      {
        expect: 'redirect',
        call: async () => ({
          who: admin,
          url: '/xu-ly-pakn/ghi-nhan',
          body: { kenh: 'phone', thoi_diem: '2026-11-25T08:30', cach_nhan: 'Cuộc gọi đến đường dây nóng', loai: 'handling', noi_dung: 'Chờ trả kết quả quá lâu.', nguoi_gui: 'individual', ho_ten: 'Trần Văn Gọi', dia_chi: '9 Phan Trung, phường Tam Hiệp', dien_thoai: '0912000444', email: '', cong_khai: '' },
        }),
      },
    ],
    'POST /quan-tri/kiem-soat-tthc': [{ expect: 'redirect', call: async () => ({ who: admin, url: '/quan-tri/kiem-soat-tthc', body: { co_quan: String(await agencyId(t.db, CENTRE)) } }) }],
    'POST /thong-bao/mau/:key/bat-tat': [{ expect: 'redirect', call: async () => ({ who: admin, url: '/thong-bao/mau/petition_received/bat-tat', body: { bat: '0' } }) }],
    'POST /quan-tri/tac-vu/:job/chay-ngay': [{ expect: 'redirect', call: async () => ({ who: admin, url: '/quan-tri/tac-vu/cleanup/chay-ngay', body: {} }) }],
    'POST /quan-tri/can-bo/moi': [
      {
        expect: 'redirect',
        call: async () => ({
          who: admin,
          url: '/quan-tri/can-bo/moi',
          body: { ...formOn(await page(admin, '/quan-tri/can-bo/moi'), '/quan-tri/can-bo/moi'), username: 'moi.taikhoan', full_name: 'Ngô Thị Mới', role: 'clerk', agency_id: String(wardId), password: 'mat-khau-rat-dai-2026', password_confirm: 'mat-khau-rat-dai-2026' },
        }),
      },
    ],
    'POST /quan-tri/can-bo/:id': [{ expect: 'redirect', call: async () => ({ who: admin, url: `/quan-tri/can-bo/${victimId}`, body: { ...formOn(await page(admin, `/quan-tri/can-bo/${victimId}`), `/quan-tri/can-bo/${victimId}`), full_name: 'Lê Văn Đã Sửa', role: 'officer', agency_id: String(wardId) } }) }],
    'POST /quan-tri/can-bo/:id/dat-lai-mat-khau': [{ expect: 'redirect', call: async () => ({ who: admin, url: `/quan-tri/can-bo/${victimId}/dat-lai-mat-khau`, body: { password: 'mat-khau-moi-dai-2026', password_confirm: 'mat-khau-moi-dai-2026' } }) }],
    'POST /quan-tri/can-bo/:id/vo-hieu-hoa': [{ expect: 'redirect', call: async () => ({ who: admin, url: `/quan-tri/can-bo/${victimId}/vo-hieu-hoa`, body: {} }) }],
    'POST /quan-tri/can-bo/:id/kich-hoat': [{ expect: 'redirect', call: async () => ({ who: admin, url: `/quan-tri/can-bo/${victimId}/kich-hoat`, body: {} }) }],
    // Post (Decision 45/2016): a record opened, a dossier added through the intake form, taken off, the record signed;
    // an outbound record with the result of `dossier` (ready, by post), the pickup request; a record cancelled.
    'POST /buu-chinh': [
      { expect: 'redirect', call: async () => ({ who: clerk, url: '/buu-chinh', body: { huong: 'inbound', nhan_vien: 'Phạm Văn Bưu', dien_thoai: '', don_vi: 'Bưu cục Trấn Biên', email: '', ghi_chu: '' } }) },
    ],
    'POST /buu-chinh/bien-ban/:id/bo-ra': [
      {
        expect: 'redirect',
        call: async () => {
          const b = await postBatch('inbound');
          // The shipped national record lists no postal channel for 2.000815: open it to the post for this walk.
          await t.db('procedures').where({ code: '2.000815' }).update({ by_post: true });
          await clerk.agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...certifiedCopyForm({ applicant_id_number: '075190007777' }), kenh: 'post', bien_ban: String(b), action: 'confirm', _csrf: clerk.csrf }).expect(303);
          const e = await t.db('postal_batch_entries').where({ batch_id: b }).first('id');
          return { who: clerk, url: `/buu-chinh/bien-ban/${b}/bo-ra`, body: { muc: String(e.id) } };
        },
      },
    ],
    'POST /buu-chinh/bien-ban/:id/ky': [
      {
        expect: 'redirect',
        call: async () => {
          const b = await postBatch('inbound');
          // The shipped national record lists no postal channel for 2.000815: open it to the post for this walk.
          await t.db('procedures').where({ code: '2.000815' }).update({ by_post: true });
          await clerk.agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...certifiedCopyForm({ applicant_id_number: '075190006666' }), kenh: 'post', bien_ban: String(b), action: 'confirm', _csrf: clerk.csrf }).expect(303);
          return { who: clerk, url: `/buu-chinh/bien-ban/${b}/ky`, body: {} };
        },
      },
    ],
    'POST /buu-chinh/bien-ban/:id/them-ket-qua': [
      {
        expect: 'redirect',
        call: async () => {
          const made = await clerk.agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...certifiedCopyForm({ applicant_id_number: '075190005555', result_delivery: 'post' }), action: 'confirm', _csrf: clerk.csrf }).expect(303);
          const id = dossierIdFromRedirect(made.headers.location);
          await clerk.agent.post(`/ho-so/${id}/thao-tac`).type('form').send({ action: 'mark_result_ready', version: await version(id), _csrf: clerk.csrf }).expect(303);
          outboundBatch = await postBatch('outbound');
          return { who: clerk, url: `/buu-chinh/bien-ban/${outboundBatch}/them-ket-qua`, body: { ho_so: [String(id)] } };
        },
      },
    ],
    'POST /buu-chinh/bien-ban/:id/bao-buu-chinh': [{ expect: 'redirect', call: async () => ({ who: clerk, url: `/buu-chinh/bien-ban/${outboundBatch}/bao-buu-chinh`, body: {} }) }],
    'POST /buu-chinh/bien-ban/:id/huy': [{ expect: 'redirect', call: async () => ({ who: clerk, url: `/buu-chinh/bien-ban/${await postBatch('inbound')}/huy`, body: {} }) }],
    'POST /quan-tri/khoa-api/moi': [
      { expect: 'redirect', call: async () => ({ who: admin, url: '/quan-tri/khoa-api/moi', body: { ...formOn(await page(admin, '/quan-tri/khoa-api/moi'), '/quan-tri/khoa-api/moi'), name: 'Hệ thống báo cáo', scope: 'some', agencies: [String(wardId)] } }) },
    ],
    'POST /quan-tri/khoa-api/:id/thu-hoi': [
      {
        expect: 'redirect',
        call: async () => {
          const key = await t.db('api_keys').orderBy('id', 'desc').first('id');
          assert.ok(key, 'a key was created first (POST /quan-tri/khoa-api/moi)');
          return { who: admin, url: `/quan-tri/khoa-api/${key.id}/thu-hoi`, body: {} };
        },
      },
    ],
    'POST /quan-tri/co-quan/moi': [
      {
        expect: 'redirect',
        call: async () => ({
          who: admin,
          url: '/quan-tri/co-quan/moi',
          body: { ...formOn(await page(admin, '/quan-tri/co-quan/moi'), '/quan-tri/co-quan/moi'), eid: '000.31.99.H26', name: 'UBND phường Thử Nghiệm', governing_body: 'UBND TỈNH ĐỒNG NAI', place_name: 'Đồng Nai', kind: 'commune', address: '1 Đường Thử', hotline: '0251 3000 000', active: 'on' },
        }),
      },
    ],
    'POST /quan-tri/co-quan/:id': [{ expect: 'redirect', call: async () => ({ who: admin, url: `/quan-tri/co-quan/${wardId}`, body: { ...formOn(await page(admin, `/quan-tri/co-quan/${wardId}`), `/quan-tri/co-quan/${wardId}`), kind: (await t.db('agencies').where({ id: wardId }).first('kind')).kind } }) }],
    'POST /quan-tri/thu-tuc/moi': [
      {
        expect: 'redirect',
        call: async () => {
          const { form } = await procedureEditForm(t.db, '2.000815');
          return { who: admin, url: '/quan-tri/thu-tuc/moi', body: { ...form, code: '9.990001', name: 'Thủ tục thử nghiệm chuyển trang' } };
        },
      },
    ],
    'POST /quan-tri/thu-tuc/:id': [
      {
        expect: 'render',
        why: '"Thêm dòng" without JavaScript: the same form with more step rows, nothing saved',
        call: async () => {
          const { id, form } = await procedureEditForm(t.db, '2.000815');
          return { who: admin, url: `/quan-tri/thu-tuc/${id}`, body: { ...form, action: 'more_steps' } };
        },
      },
      {
        expect: 'redirect',
        call: async () => {
          const { id, form } = await procedureEditForm(t.db, '2.000815');
          return { who: admin, url: `/quan-tri/thu-tuc/${id}`, body: form };
        },
      },
    ],
    'POST /quan-tri/thu-tuc/nhap-csv': [
      { expect: 'render', why: '"Kiểm tra trước": the plan of the import, nothing written', call: async () => ({ who: admin, url: '/quan-tri/thu-tuc/nhap-csv', body: { csv: IMPORT_CSV, action: 'preview' } }) },
      { expect: 'redirect', call: async () => ({ who: admin, url: '/quan-tri/thu-tuc/nhap-csv', body: { csv: IMPORT_CSV, action: 'import' } }) },
    ],
    // The national catalogue import: the upload and the fetch keep the data and lead to its plan; the confirmation applies it and leads to its result.
    'POST /quan-tri/thu-tuc/nhap-quoc-gia': [{ expect: 'redirect', call: async () => ({ who: admin, url: '/quan-tri/thu-tuc/nhap-quoc-gia', body: { json: JSON.stringify([NATIONAL_RECORD]), ten_tep: 'thu.json' } }) }],
    'POST /quan-tri/thu-tuc/nhap-quoc-gia/lay-du-lieu': [{ expect: 'redirect', call: async () => ({ who: admin, url: '/quan-tri/thu-tuc/nhap-quoc-gia/lay-du-lieu', body: { ma_tthc: String(NATIONAL_RECORD.MATTHC) } }) }],
    'POST /quan-tri/thu-tuc/nhap-quoc-gia/:id/ap-dung': [
      {
        expect: 'redirect',
        call: async () => {
          const staged = await admin.agent.post('/quan-tri/thu-tuc/nhap-quoc-gia').type('form').send({ _csrf: admin.csrf, json: JSON.stringify([{ ...NATIONAL_RECORD, MATTHC: '9.990102' }]) }).expect(303);
          const plan = await page(admin, String(staged.headers.location));
          return { who: admin, url: `${staged.headers.location}/ap-dung`, body: formOn(plan, `${staged.headers.location}/ap-dung`) };
        },
      },
    ],
    'POST /quan-tri/lich-nghi/moi': [{ expect: 'redirect', call: async () => ({ who: admin, url: '/quan-tri/lich-nghi/moi', body: { date: '2026-12-31', kind: 'holiday', name: 'Ngày nghỉ thử nghiệm' } }) }],
    'POST /quan-tri/lich-nghi/:date': [{ expect: 'redirect', call: async () => ({ who: admin, url: '/quan-tri/lich-nghi/2026-12-31', body: { kind: 'holiday', name: 'Ngày nghỉ thử nghiệm (sửa)', provisional: 'on' } }) }],
    'POST /quan-tri/lich-nghi/:date/xac-nhan': [{ expect: 'redirect', call: async () => ({ who: admin, url: '/quan-tri/lich-nghi/2026-12-31/xac-nhan', body: {} }) }],
    'POST /quan-tri/lich-nghi/:date/xoa': [{ expect: 'redirect', call: async () => ({ who: admin, url: '/quan-tri/lich-nghi/2026-12-31/xoa', body: {} }) }],
    'POST /quan-tri/cong-dvcqg/gui-lai/:id': [
      {
        expect: 'redirect',
        call: async () => {
          const id = await insertSyncRow(t.db, { dossierId: dossier, changedAt: vnInstant('2026-11-25', '10:00'), state: 'failed', lastError: 'Sai mã đơn vị' });
          return { who: admin, url: `/quan-tri/cong-dvcqg/gui-lai/${id}`, body: {} };
        },
      },
    ],
    'POST /quan-tri/cong-dvcqg/gui-lai-tat-ca/:kind': [
      {
        expect: 'redirect',
        call: async () => {
          await insertSyncRow(t.db, { dossierId: dossier, changedAt: vnInstant('2026-11-25', '10:00'), state: 'held', heldReason: 'agency_unmapped' });
          return { who: admin, url: '/quan-tri/cong-dvcqg/gui-lai-tat-ca/agency_unmapped', body: {} };
        },
      },
    ],
    'POST /quan-tri/cong-dvcqg/trang-thai': [
      { expect: 'redirect', call: async () => ({ who: admin, url: '/quan-tri/cong-dvcqg/trang-thai', body: { ...formOn(await page(admin, '/quan-tri/cong-dvcqg/trang-thai'), '/quan-tri/cong-dvcqg/trang-thai'), ma_refused: '8' } }) },
    ],
    'POST /quan-tri/bang-diem-766': [
      {
        expect: 'redirect',
        call: async () => ({
          who: admin,
          url: '/quan-tri/bang-diem-766',
          body: { ...formOn(await page(admin, '/quan-tri/bang-diem-766'), '/quan-tri/bang-diem-766'), co_quan: String((await t.db('agencies').where({ active: true }).first('id')).id), ky: 'thang', thang: '11/2026', nhom: 'MDHL', diem: '9' },
        }),
      },
    ],
    'POST /ho-so/:id/ban-chup-giay-to': [{ expect: 'redirect', call: async () => ({ who: clerk, url: `/ho-so/${dossier}/ban-chup-giay-to`, body: { giay_to: 'khac' }, files: [['tep', PDF, 'ban-chup.pdf']] }) }],
    'POST /ho-so/:id/tep/:fileId/go-bo': [
      {
        expect: 'redirect',
        call: async () => {
          const f = await t.db('dossier_files').where({ dossier_id: dossier, purpose: 'document' }).first('id');
          assert.ok(f, 'a scan was attached first (POST /ho-so/:id/ban-chup-giay-to)');
          return { who: clerk, url: `/ho-so/${dossier}/tep/${f.id}/go-bo`, body: {} };
        },
      },
    ],
    'POST /ho-so/:id/ket-qua-dien-tu': [
      {
        expect: 'redirect',
        call: async () => {
          await t.db('procedures').where({ code: '1.001612' }).update({ result_electronic: true });
          return { who: officer, url: `/ho-so/${apologyDossier}/ket-qua-dien-tu`, body: {}, files: [['tep', PDF, 'ket-qua.pdf']] };
        },
      },
    ],
    'POST /ho-so/:id/da-nop-phi': [{ expect: 'redirect', call: async () => ({ who: clerk, url: `/ho-so/${apologyDossier}/da-nop-phi`, body: {} }) }],
    // Online pre-submission: the citizen's form (multipart), then the counter's actions on a waiting registration of the ward.
    'POST /nop-truc-tuyen/:code': [
      {
        expect: 'redirect',
        call: async () => ({
          who: 'anonymous',
          url: '/nop-truc-tuyen/2.000815',
          multipart: true,
          body: { co_quan: String(wardId), applicant_name: 'Lê Thị Mai', applicant_id_number: '075190004321', applicant_phone: '0912345678', applicant_email: '', applicant_address: '45 Võ Thị Sáu, phường Trấn Biên', result_delivery: 'counter', note: '' },
        }),
      },
    ],
    'POST /truc-tuyen/:id/yeu-cau-bo-sung': [
      { expect: 'redirect', call: async () => ({ who: clerk, url: `/truc-tuyen/${await waitingRegistration()}/yeu-cau-bo-sung`, body: { noi_dung: 'Ảnh bản chính bị mờ, vui lòng chụp lại.' } }) },
    ],
    'POST /truc-tuyen/:id/tiep-nhan': [
      {
        expect: 'redirect',
        call: async () => {
          const id = await waitingRegistration();
          return { who: clerk, url: `/truc-tuyen/${id}/tiep-nhan`, body: formOn(await page(clerk, `/truc-tuyen/${id}`), `/truc-tuyen/${id}/tiep-nhan`) };
        },
      },
    ],
    'POST /truc-tuyen/:id/tu-choi': [
      { expect: 'redirect', call: async () => ({ who: clerk, url: `/truc-tuyen/${await waitingRegistration(true)}/tu-choi`, body: { reason: 'Không thuộc thẩm quyền của phường.' } }) },
    ],
    'POST /api/v1/ho-so-truc-tuyen': { exempt: 'machine-to-machine: the national portal posts JSON with an API key and reads the answer; no browser ever reloads it' },
    'POST /zalo/webhook': { exempt: 'machine-to-machine: Zalo posts events and expects a 200 answer; no browser ever reloads it' },
  };

  /** A registration of the ward waiting at the counter (`fresh`: a new one, filed through the service). */
  async function waitingRegistration(fresh = false): Promise<number> {
    const existing = fresh ? undefined : await t.db('presubmissions').where({ agency_id: wardId, status: 'waiting' }).orderBy('id').first('id');
    if (existing) return existing.id;
    const { services } = await import('../../src/services.js');
    const svc = services(t.deps);
    const p = (await svc.online.procedure('2.000815'))!;
    const input = { applicantName: 'Trần Văn Bình', idNumber: '075190001234', phone: '0912000111', email: null, address: '1 Phan Trung', representativeName: null, resultDelivery: 'counter' as const, setsCount: 1, note: null, documents: [] };
    await svc.online.submitWeb(p, { agencyId: wardId, input, documents: [{ position: 1, name: 'Bản chính', paper: false, file: null }] }, `nonce-${Date.now()}`);
    return (await t.db('presubmissions').where({ agency_id: wardId, status: 'waiting' }).orderBy('id', 'desc').first('id')).id;
  }

  const IMPORT_CSV = [
    'code,name,field,processing_unit,processing_amount,fee_vnd,fee_note,result,apology_extension_days,lead_agency_eid,receiving_agency_eids,documents',
    `9.990002,Thủ tục nhập từ tệp,Thử nghiệm,working_days,2,0,,Kết quả,5,,${WARD},Tờ khai`,
  ].join('\n');

  test('every POST route has an entry, and every entry is a route', () => {
    const posts = appRoutes(t.app)
      .filter((r) => r.method === 'POST')
      .map((r) => `POST ${r.path}`);
    const missing = posts.filter((p) => !(p in REGISTRY));
    assert.deepEqual(missing, [], `POST routes without an entry in REGISTRY (say what a successful request is, and whether it redirects): ${missing.join(', ')}`);
    assert.deepEqual(Object.keys(REGISTRY).filter((k) => !posts.includes(k)), [], 'entries for routes the app does not serve');
  });

  // In the registry's order: an entry may use what an earlier one made (a question, a rating).
  for (const [route, entry] of Object.entries(REGISTRY)) {
    if (!Array.isArray(entry)) continue;
    entry.forEach((c, i) => {
      test(`${route} (${c.expect === 'redirect' ? 'a state change: redirects' : `may render: ${c.why}`}${entry.length > 1 ? `, case ${i + 1}` : ''})`, async () => {
        const call = await c.call();
        const agent = call.who === 'anonymous' ? request.agent(t.http) : call.who.agent;
        let csrf = call.who === 'anonymous' ? '' : call.who.csrf;
        if (call.who === 'anonymous') {
          // A visitor holds the CSRF token of the page they came from.
          const from = await agent.get(route.startsWith('POST /s/') ? `/s/${token}` : call.url === '/phan-anh-kien-nghi' ? '/phan-anh-kien-nghi' : '/dang-nhap').expect(200);
          csrf = /name="_csrf" value="([^"]+)"/.exec(from.text)![1]!;
          if (call.url === '/phan-anh-kien-nghi') call.body = { ...formOn(from.text, call.url), ...call.body };
        }
        if (call.multipart) {
          // The form with files: its own page gives this visitor's token and the form's nonce.
          const from = await agent.get(call.url).expect(200);
          csrf = /name="_csrf" value="([^"]+)"/.exec(from.text)![1]!;
          call.body = { nonce: /name="nonce" value="([^"]+)"/.exec(from.text)![1]!, ...call.body };
        }
        const before = await tableCounts(t.db);
        const files: Array<[string, Buffer, string]> | null =
          call.files ?? (call.multipart ? [1, 2].map((pos): [string, Buffer, string] => [`doc_${pos}_file`, Buffer.from(`%PDF-1.4\n% ${pos}\n%%EOF\n`), `giay-to-${pos}.pdf`]) : null);
        let res;
        if (files) {
          // multipart/form-data: the CSRF token is the first field (src/web/upload.ts).
          let req = agent.post(call.url).field('_csrf', csrf);
          for (const [k, v] of Object.entries(call.body)) for (const one of [v].flat()) req = req.field(k, one);
          for (const [field, bytes, name] of files) req = req.attach(field, bytes, { filename: name });
          res = await req;
        } else res = await agent.post(call.url).type('form').send({ ...call.body, _csrf: csrf });
        if (c.expect === 'redirect') {
          assert.ok([302, 303].includes(res.status), `${call.url}: a successful POST answers a redirect, got ${res.status}\n${res.text?.slice(0, 2000)}`);
          const location = res.headers.location!;
          assert.ok(location.startsWith('/'), location);
          const next = await agent.get(location);
          assert.equal(next.status, 200, `${location} after ${call.url}`);
        } else {
          assert.equal(res.status, 200, res.text?.slice(0, 2000));
          const after = await tableCounts(t.db);
          const changed = Object.keys(after).filter((k) => !BOOKKEEPING.has(k) && after[k] !== before[k]);
          assert.deepEqual(changed, [], `a POST answering 200 must write nothing (${c.why})`);
        }
      });
    });
  }
});
