/**
 * Two ward centres, phường Trấn Biên and phường Tam Hiệp, each with its clerk, officers and
 * supervisor signed in (and an administrator at the province centre), and dossiers carried
 * through the counter and the workflow over HTTP to a given stage: the world of the tests of
 * what citizens do on a dossier's status page (ratings, questions).
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { agencyId, certifiedCopyForm, createStaff, csrfFrom, dossierIdFromRedirect, signIn, type TestApp } from './app.js';

export const TRAN_BIEN = '000.31.01.H26';
export const TAM_HIEP = '000.31.02.H26';

export const APPLICANT = {
  applicant_name: 'Phạm Thị Hồng Nhung',
  applicant_id_number: '075190004321',
  applicant_phone: '0912 345 678',
  applicant_email: 'nhung.pham@example.vn',
  applicant_address: '45 Võ Thị Sáu, phường Trấn Biên, tỉnh Đồng Nai',
};

export type Agent = Awaited<ReturnType<typeof signIn>>;
export type Citizen = { agent: ReturnType<typeof request.agent>; csrf: string };

/** One workflow action over HTTP, at the dossier's current version; it must succeed. */
export async function act(t: TestApp, who: Agent, id: number, action: string, fields: Record<string, string> = {}): Promise<void> {
  const { version } = await t.db('dossiers').where({ id }).first('version');
  const res = await who.agent.post(`/ho-so/${id}/thao-tac`).type('form').send({ _csrf: who.csrf, action, version: String(version), ...fields });
  assert.equal(res.status, 303, `${action}: ${res.status}`);
}

/** An anonymous browser: the double-submit CSRF cookie and its token (from the lookup form). */
export async function citizen(t: TestApp): Promise<Citizen> {
  const agent = request.agent(t.http);
  const page = await agent.get('/tra-cuu').expect(200);
  return { agent, csrf: csrfFrom(page.text) };
}

export interface TwoWards {
  wardId: number;
  tamHiepId: number;
  officerId: number;
  officer2Id: number;
  officerThId: number;
  clerk: Agent;
  officer: Agent;
  officer2: Agent;
  supervisor: Agent;
  clerkTh: Agent;
  officerTh: Agent;
  supervisorTh: Agent;
  admin: Agent;
}

export async function twoWards(t: TestApp): Promise<TwoWards> {
  const wardId = await agencyId(t.db, TRAN_BIEN);
  const tamHiepId = await agencyId(t.db, TAM_HIEP);
  await createStaff(t.db, 'clerk', 'clerk', TRAN_BIEN, 'Nguyễn Thị Thu Hà');
  const officerId = await createStaff(t.db, 'officer', 'officer', TRAN_BIEN, 'Trần Minh Khoa');
  const officer2Id = await createStaff(t.db, 'officer2', 'officer', TRAN_BIEN, 'Lê Thị Mai');
  await createStaff(t.db, 'sup', 'supervisor', TRAN_BIEN, 'Đỗ Văn Giám');
  await createStaff(t.db, 'clerk_th', 'clerk', TAM_HIEP, 'Võ Thị Lan');
  const officerThId = await createStaff(t.db, 'officer_th', 'officer', TAM_HIEP, 'Hoàng Văn Nam');
  await createStaff(t.db, 'sup_th', 'supervisor', TAM_HIEP, 'Bùi Thị Sát');
  await createStaff(t.db, 'admin', 'admin', '000.00.01.H26', 'Quản Trị Viên');
  return {
    wardId,
    tamHiepId,
    officerId,
    officer2Id,
    officerThId,
    clerk: await signIn(t.http, 'clerk'),
    officer: await signIn(t.http, 'officer'),
    officer2: await signIn(t.http, 'officer2'),
    supervisor: await signIn(t.http, 'sup'),
    clerkTh: await signIn(t.http, 'clerk_th'),
    officerTh: await signIn(t.http, 'officer_th'),
    supervisorTh: await signIn(t.http, 'sup_th'),
    admin: await signIn(t.http, 'admin'),
  };
}

/**
 * A 1.001612 dossier received at the ward's counter, assigned by its supervisor (to the
 * officer, or `assignTo`), and optionally carried to its result (marked ready by the
 * assigned ward officer, or `completedBy`) and handed back (with `returnNote`).
 */
export async function dossierAt(
  t: TestApp,
  w: TwoWards,
  stage: 'in_progress' | 'result_ready' | 'returned',
  opts: { agency?: 'tb' | 'th'; assignTo?: 'officer' | 'officer2'; completedBy?: 'officer' | 'officer2'; returnNote?: string } = {},
): Promise<{ id: number; token: string; code: string }> {
  const th = opts.agency === 'th';
  const c = th ? w.clerkTh : w.clerk;
  const form = { ...certifiedCopyForm(APPLICANT), doc_3_received: 'on', doc_4_received: 'on' };
  const res = await c.agent.post('/tiep-nhan/1.001612/xac-nhan').type('form').send({ ...form, action: 'confirm', _csrf: c.csrf }).expect(303);
  const id = dossierIdFromRedirect(res.headers.location);
  // The agency's supervisor assigns it (a clerk no longer assigns: the dossier waits in its queue).
  const to = th ? w.officerThId : opts.assignTo === 'officer2' ? w.officer2Id : w.officerId;
  await act(t, th ? w.supervisorTh : w.supervisor, id, 'assign', { to_agency_id: String(th ? w.tamHiepId : w.wardId), to_user_id: String(to), note: 'Chuyển chuyên viên thẩm định' });
  if (stage !== 'in_progress') await act(t, th ? w.officerTh : opts.completedBy === 'officer2' ? w.officer2 : w.officer, id, 'mark_result_ready');
  if (stage === 'returned') await act(t, c, id, 'return_result', { note: opts.returnNote ?? 'Người nộp nhận trực tiếp' });
  const d = await t.db('dossiers').where({ id }).first('public_token', 'code', 'status');
  assert.equal(d.status, stage);
  return { id, token: d.public_token, code: d.code };
}
