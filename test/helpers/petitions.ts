/**
 * Petitions for tests: one filed through the public form's service and forwarded by the
 * province's control unit (an administrator) to a given agency, for tests that need one on
 * each side of the agency line (the access matrix, the fuzz suite); or one as filing stores
 * it at a given receipt time (the workflow and job tests).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { forwardDueAt } from '../../src/domain/petition-deadline.js';
import { formatPetitionCode, publishedSearchText, type PetitionKind } from '../../src/domain/petitions.js';
import { appendPetitionEvent } from '../../src/features/petitions/petition-events.repo.js';
import type { StaffUser } from '../../src/domain/roles.js';
import { services } from '../../src/services.js';
import { agencyId, type TestApp } from './app.js';

async function staffUser(db: Knex, username: string): Promise<StaffUser> {
  const r = await db('users as u').join('agencies as a', 'a.id', 'u.agency_id').where('u.username', username).first('u.id', 'u.full_name', 'u.role', 'u.agency_id', 'a.name');
  assert.ok(r, `no user ${username}`);
  return { id: Number(r.id), username, fullName: String(r.full_name), role: r.role, agencyId: Number(r.agency_id), agencyName: String(r.name) };
}

export interface TestPetition {
  id: number;
  token: string;
  code: string;
}

/** A petition filed on the web form's service and forwarded by `adminUsername` to the agency `agencyEid`. */
export async function forwardedPetition(t: TestApp, opts: { adminUsername: string; agencyEid: string; content?: string }): Promise<TestPetition> {
  const svc = services(t.deps);
  const filed = await svc.petitionIntake.file(
    {
      loai: 'handling',
      thu_tuc: null,
      co_quan: null,
      ma_ho_so: null,
      so_cuoi: '',
      noi_dung: opts.content ?? 'Thời gian chờ nhận kết quả quá lâu so với giấy hẹn.',
      nguoi_gui: 'individual',
      ho_ten: 'Trần Thị Bình',
      dia_chi: '5 Phan Trung, phường Tam Hiệp, tỉnh Đồng Nai',
      dien_thoai: '0912000333',
      email: null,
      cong_khai: true,
      nonce: await svc.petitionIntake.newNonce('test-visitor'),
      loi_moi: null,
    },
    '127.0.0.1',
    'test-visitor',
  );
  assert.ok(filed.ok, 'the petition is filed');
  const row = await t.db('petitions').where({ public_token: filed.token }).first('id', 'code');
  const id = Number(row.id);
  const version = await t.db('petition_events').where({ petition_id: id }).whereNotNull('to_status').max({ v: 'seq' }).first();
  const admin = await staffUser(t.db, opts.adminUsername);
  const forwarded = await svc.petitions.act(admin, id, { action: 'forward', version: Number(version?.v ?? 1), note: null, category: 'Thời gian giải quyết', agencyId: await agencyId(t.db, opts.agencyEid), answer: null }, null);
  assert.ok(forwarded.ok, `forwarded: ${JSON.stringify(forwarded)}`);
  return { id, token: filed.token, code: String(row.code) };
}

/** Mark a petition published, with anonymised texts, as the head's approval does (for pages that list published answers). */
export async function markPublished(t: TestApp, id: number): Promise<void> {
  const { code } = await t.db('petitions').where({ id }).first('code');
  const texts = { content: 'Thời gian chờ nhận kết quả quá lâu.', answer: 'Cơ quan đã chấn chỉnh việc trả kết quả.' };
  await t.db('petitions').where({ id }).update({ published_at: t.clock.now(), published_content: texts.content, published_answer: texts.answer, published_search: publishedSearchText({ code: String(code), ...texts }) });
}

let fixtureSeq = 0;

/**
 * A petition as filing stores it (the row and its receipt event), written directly, for
 * tests of what comes after filing (the workflow, the job) that need a given receipt time.
 * Codes are numbered from 9001, clear of the intake's daily sequence.
 */
export async function receivedPetition(
  db: Knex,
  f: { receivedAt: Date; kind?: PetitionKind; content?: string; consent?: boolean; named?: boolean; officialId?: number | null; zalo?: string | null },
): Promise<TestPetition> {
  const receivedAt = f.receivedAt;
  const cal = new WorkingCalendar(await db('holidays').select('date', 'kind', 'name'));
  fixtureSeq++;
  const code = formatPetitionCode('261201', 9000 + fixtureSeq);
  const token = randomBytes(24).toString('base64url');
  const [row] = await db('petitions')
    .insert({
      code,
      public_token: token,
      kind: f.kind ?? 'handling',
      channel: f.zalo ? 'zalo' : 'web',
      status: 'received',
      official_id: f.officialId ?? null,
      content: f.content ?? 'Tôi là Nguyễn Văn An, nhà ở 12 Nguyễn Ái Quốc, phường Trấn Biên. Nộp hồ sơ chờ quá lâu, gọi 0912 345 678 không ai nghe.',
      sender_kind: 'individual',
      sender_name: 'Nguyễn Văn An',
      sender_address: '12 Nguyễn Ái Quốc, phường Trấn Biên, tỉnh Đồng Nai',
      sender_phone: '0912345678',
      sender_email: 'an.nguyen@example.vn',
      consent_publish: f.consent ?? true,
      consent_named: f.named ?? false,
      zalo_user_id: f.zalo ?? null,
      received_at: receivedAt,
      forward_due_at: forwardDueAt(cal, receivedAt),
      created_at: receivedAt,
      updated_at: receivedAt,
    })
    .returning('id');
  const id = typeof row === 'object' ? Number((row as { id: number }).id) : Number(row);
  await appendPetitionEvent(db, id, { type: 'received', fromStatus: null, toStatus: 'received', actorId: null, note: null, public: true, ip: null, createdAt: receivedAt });
  return { id, token, code };
}
