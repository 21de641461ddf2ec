/**
 * Demo data for a new, non-production database: one account per role and a few
 * dossiers received over the last working days, so every page has something to show:
 * one waiting in the queue, one awaiting a supplement, one whose clock restarted after
 * its supplement, a draft apology in the head's list and an issued one, and a guidance and
 * a refusal given at the counter. Everything goes through the application's own services,
 * as the clerk, the officer and the head would do it. All demo accounts share the password
 * DEMO_PASSWORD.
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../src/config.js';
import { fixedClock } from '../src/deps.js';
import { anonymise } from '../src/domain/anonymise.js';
import type { PublicationInput } from '../src/features/petitions/petition-publication.js';
import type { PetitionOutcome } from '../src/domain/petitions.js';
import { hashPassword } from '../src/features/auth/password.js';
import type { Deps } from '../src/deps.js';
import type { Role, StaffUser } from '../src/domain/roles.js';
import { MINUTE_MS, addDays, localDateOf, vnInstant } from '../src/domain/time.js';
import { services } from '../src/services.js';

export const DEMO_PASSWORD = 'motcua2026';

/** `phone` is the work phone printed on Mẫu 02 as the guiding officer's; `jobTitle` prints under a head's signature. */
export const DEMO_USERS: Array<{ username: string; fullName: string; role: Role; agencyEid: string; email?: string; phone?: string; jobTitle?: string }> = [
  { username: 'tiepnhan', fullName: 'Nguyễn Thị Thu Hà', role: 'clerk', agencyEid: '000.31.01.H26', phone: '0251 3822 151' },
  { username: 'tiepnhan.tuphap', fullName: 'Lê Văn Phúc', role: 'clerk', agencyEid: '000.00.12.H26', phone: '0251 3999 012' },
  { username: 'chuyenvien', fullName: 'Trần Minh Khoa', role: 'officer', agencyEid: '000.31.01.H26', email: 'chuyenvien@motcua.example', phone: '0251 3822 152' },
  { username: 'lanhdao', fullName: 'Phạm Thị Lan', role: 'supervisor', agencyEid: '000.31.01.H26', email: 'lanhdao@motcua.example', phone: '0251 3822 150', jobTitle: 'Phó Chủ tịch UBND phường Trấn Biên' },
  { username: 'quantri', fullName: 'Võ Đức Anh', role: 'admin', agencyEid: '000.00.01.H26' },
  // The province's control unit for petitions (phản ánh, kiến nghị): a supervisor of the province centre.
  { username: 'kiemsoat', fullName: 'Hoàng Minh Châu', role: 'supervisor', agencyEid: '000.00.01.H26', email: 'kiemsoat@motcua.example', phone: '0251 3999 011', jobTitle: 'Trưởng Bộ phận kiểm soát thủ tục hành chính' },
];

type Step = 'take' | 'request_supplement' | 'receive_supplement' | 'apology_draft' | 'apology_issue';

/**
 * Demo dossiers: received at 09:30 some working days ago (each lands in the ward's queue at
 * once), then moved along, each step half an hour (or `after` working days) after the last.
 */
const SAMPLES: Array<{ procedure: string; daysAgo: number; name: string; id: string; phone: string; then: Array<Step | [Step, number]> }> = [
  // Certified copies: the counter gives the result; this one waits in the queue.
  { procedure: '2.000815', daysAgo: 0, name: 'Nguyễn Thị Thảo', id: '075190001234', phone: '0987654321', then: [] },
  { procedure: '1.001612', daysAgo: 1, name: 'Trần Văn Hùng', id: '075088004321', phone: '0912345678', then: ['take'] },
  { procedure: '1.004873', daysAgo: 2, name: 'Lê Hoàng Yến', id: '075195006789', phone: '0903123456', then: ['take', 'request_supplement'] },
  { procedure: '1.004222', daysAgo: 3, name: 'Phạm Quốc Bảo', id: '075092001122', phone: '0938777888', then: ['take'] },
  // Due within the apology window: the head's list holds the draft the job prepared.
  { procedure: '1.001022', daysAgo: 2, name: 'Đặng Thu Trang', id: '075198005566', phone: '0966554433', then: ['take', 'apology_draft'] },
  // Supplement received two working days after the request: the statutory time started again.
  { procedure: '1.004884', daysAgo: 4, name: 'Võ Minh Tâm', id: '075089003344', phone: '0977123456', then: ['take', 'request_supplement', ['receive_supplement', 2]] },
  // Will miss its appointment: the head issued the apology with a new date.
  { procedure: '1.004746', daysAgo: 4, name: 'Bùi Quang Vinh', id: '075091004455', phone: '0988776655', then: ['take', 'apology_issue'] },
];

const SUPPLEMENT = {
  items: 'Bản sao Giấy chứng nhận kết hôn đã cấp (nếu có)\nTờ khai ghi rõ nơi cư trú trước đây',
  reason: 'Tờ khai chưa ghi nơi cư trú trước đây, chưa đủ căn cứ xác minh theo Điều 26 Nghị định 123/2015/NĐ-CP',
};

export async function isNewDatabase(db: Knex): Promise<boolean> {
  const row = await db('users').count<{ n: number }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0) === 0;
}

async function staffUser(db: Knex, username: string): Promise<StaffUser> {
  const r = await db('users as u').join('agencies as a', 'a.id', 'u.agency_id').where('u.username', username).first('u.id', 'u.full_name', 'u.role', 'u.agency_id', 'a.name');
  return { id: r.id, username, fullName: r.full_name, role: r.role, agencyId: r.agency_id, agencyName: r.name };
}

export async function loadDemoData(db: Knex, config: Config, logger: Logger, now: Date = new Date()): Promise<void> {
  const hash = await hashPassword(DEMO_PASSWORD);
  const agencies = new Map<string, number>((await db('agencies').select('id', 'eid')).map((r) => [r.eid, r.id]));
  for (const u of DEMO_USERS) {
    await db('users')
      .insert({ username: u.username, full_name: u.fullName, email: u.email ?? null, phone: u.phone ?? '', job_title: u.jobTitle ?? '', password_hash: hash, role: u.role, agency_id: agencies.get(u.agencyEid)!, active: true, created_at: now })
      .onConflict('username')
      .ignore();
  }
  const [clerk, officer, head] = await Promise.all([staffUser(db, 'tiepnhan'), staffUser(db, 'chuyenvien'), staffUser(db, 'lanhdao')]);
  // One set of services on a clock the demo moves; the citizen's notices wait in the outbox as for a real office.
  const clock = fixedClock(now);
  const svc = services({ db, config, clock, logger } as Deps);
  const cal = await svc.calendar.current();
  const workingDaysBack = (n: number): string => {
    let day = localDateOf(now);
    for (let i = 0; i < n; i++) {
      do day = addDays(day, -1);
      while (!cal.isWorkingDay(day));
    }
    return day;
  };
  const version = async (id: number): Promise<number> => (await db('dossiers').where({ id }).first('version')).version;
  for (const s of SAMPLES) {
    clock.set(s.daysAgo === 0 ? now : vnInstant(workingDaysBack(s.daysAgo), '09:30'));
    const procedure = await svc.catalogue.procedureForAgency(clerk.agencyId, s.procedure);
    if (!procedure) throw new Error(`Demo procedure ${s.procedure} is not in the catalogue`);
    const received = await svc.intake.receive(
      clerk,
      s.procedure,
      {
        applicantName: s.name,
        idNumber: s.id,
        phone: s.phone,
        email: null,
        address: 'Khu phố 3, phường Trấn Biên, tỉnh Đồng Nai',
        representativeName: null,
        resultDelivery: 'counter',
        setsCount: 1,
        note: null,
        documents: procedure.documents
          .filter((d) => d.required)
          .map((d) => ({ position: d.position, name: d.name, originals: d.originals, certifiedCopies: d.certifiedCopies, copies: d.copies })),
      },
      null,
      null,
    );
    if (!received.ok) throw new Error(`Demo intake of ${s.procedure} refused: ${received.reason}`);
    const id = received.dossierId;
    for (const entry of s.then) {
      const [step, after] = Array.isArray(entry) ? entry : [entry, 0];
      if (after > 0) clock.set(vnInstant(workingDaysBack(s.daysAgo - after), '10:00'));
      else clock.advance(30 * MINUTE_MS);
      if (clock.now() > now) clock.set(now);
      let result: { ok: boolean; message?: string };
      if (step === 'take') result = await svc.workflow.act(officer, id, { action: 'take', version: await version(id), note: null }, null);
      else if (step === 'request_supplement') result = await svc.workflow.act(officer, id, { action: 'request_supplement', version: await version(id), note: SUPPLEMENT.items, reason: SUPPLEMENT.reason }, null);
      else if (step === 'receive_supplement') result = await svc.workflow.act(clerk, id, { action: 'receive_supplement', version: await version(id), note: 'Công dân nộp đủ giấy tờ bổ sung' }, null);
      else if (step === 'apology_draft') {
        // The apology job prepares the draft for the head, as it does every ten minutes.
        clock.set(now);
        await svc.jobs.run('apology');
        result = { ok: true };
      } else {
        const d = await db('dossiers').where({ id }).first('due_at');
        const newDueAt = cal.addWorkingTime(new Date(d.due_at), 3 * cal.dayLengthMs);
        const reason = 'Cần xác minh thêm thông tin với Ủy ban nhân dân nơi đăng ký khai sinh trước đây';
        result = await svc.apology.issue(head, id, { ok: true, value: { reason, newDueAt }, values: {} }, null);
      }
      if (!result.ok) throw new Error(`Demo step ${step} of ${s.procedure} failed: ${result.message ?? ''}`);
    }
  }
  // At the counter this morning: one citizen guided to complete a dossier, one refused.
  clock.set(now);
  const guided = await svc.counter.guide(clerk, '1.004222', {
    applicant: { name: 'Huỳnh Văn Lộc', idNumber: '075087007788', phone: '0944112233', address: 'Tổ 5, khu phố 2, phường Trấn Biên, tỉnh Đồng Nai' },
    items: ['Giấy tờ chứng minh chỗ ở hợp pháp (hợp đồng thuê nhà có công chứng)', 'Văn bản đồng ý của chủ hộ'],
    reason: 'Hồ sơ chưa có giấy tờ chứng minh chỗ ở hợp pháp theo Điều 21 Luật Cư trú',
  });
  const refused = await svc.counter.refuse(clerk, '1.001612', {
    applicant: { name: 'Lý Thị Hoa', idNumber: '075196009900', phone: '0933998877', address: 'Khu phố 6, phường Tam Hiệp, tỉnh Đồng Nai' },
    reason: 'Địa điểm kinh doanh thuộc phường Tam Hiệp: đề nghị nộp tại Trung tâm Phục vụ hành chính công phường Tam Hiệp',
  });
  if (!guided.ok || !refused.ok) throw new Error('Demo counter guidance or refusal refused');
  await demoPetitions(db, svc, clock, workingDaysBack, now);
  logger.info({ users: DEMO_USERS.map((u) => u.username), dossiers: SAMPLES.length, petitions: PETITIONS.length }, 'demo data loaded');
}

/**
 * Demo petitions, filed through the public form's service and handled as the control unit,
 * the ward's officer and its head would: one forwarded to phường Trấn Biên awaiting the
 * officer's draft, one answered and published (anonymised).
 */
const PETITIONS: Array<{ daysAgo: number; kind: 'handling' | 'regulation'; name: string; address: string; phone: string; content: string; category: string; answer?: string }> = [
  {
    daysAgo: 1,
    kind: 'handling',
    name: 'Đỗ Thị Hồng',
    address: '18 Hà Huy Giáp, phường Trấn Biên, tỉnh Đồng Nai',
    phone: '0917223344',
    content: 'Tôi nộp hồ sơ đăng ký thường trú tại Bộ phận Một cửa phường Trấn Biên, được hẹn trả kết quả nhưng đến ngày hẹn vẫn chưa có kết quả và không được báo lý do. Đề nghị phường kiểm tra, trả lời.',
    category: 'Thời hạn giải quyết thủ tục cư trú',
  },
  {
    daysAgo: 4,
    kind: 'regulation',
    name: 'Phan Văn Thành',
    address: '5 Nguyễn Văn Trị, phường Trấn Biên, tỉnh Đồng Nai',
    phone: '0978556677',
    content: 'Tôi là Phan Văn Thành. Khi chứng thực bản sao, cán bộ yêu cầu tôi nộp thêm bản photo dù tôi đã mang bản chính. Quy định có bắt buộc như vậy không? Số điện thoại của tôi 0978556677.',
    category: 'Chứng thực bản sao từ bản chính',
    answer:
      'Kính gửi ông Phan Văn Thành: theo Nghị định 23/2015/NĐ-CP, người yêu cầu chứng thực bản sao từ bản chính xuất trình bản chính và bản sao cần chứng thực; nếu không có bản sao, Bộ phận Một cửa chụp từ bản chính và thu phí theo quy định. Phường đã nhắc cán bộ hướng dẫn đúng quy định.',
  },
];

/** Who files the demo petitions (the form nonces are bound to a visitor). */
const DEMO_VISITOR = 'demo-seed';

async function demoPetitions(db: Knex, svc: ReturnType<typeof services>, clock: ReturnType<typeof fixedClock>, workingDaysBack: (n: number) => string, now: Date): Promise<void> {
  const [control, officer, head] = await Promise.all([staffUser(db, 'kiemsoat'), staffUser(db, 'chuyenvien'), staffUser(db, 'lanhdao')]);
  const version = async (id: number): Promise<number> => Number((await db('petition_events').where({ petition_id: id }).whereNotNull('to_status').max({ v: 'seq' }).first())?.v ?? 0);
  const step = async (who: StaffUser, id: number, action: string, fields: { category?: string; agencyId?: number; answer?: string; outcome?: PetitionOutcome; publication?: PublicationInput } = {}) => {
    clock.advance(60 * MINUTE_MS);
    if (clock.now() > now) clock.set(now);
    const r = await svc.petitions.act(who, id, { action, version: await version(id), note: null, category: fields.category ?? null, agencyId: fields.agencyId ?? null, answer: fields.answer ?? null, outcome: fields.outcome ?? null, publication: fields.publication }, null);
    if (!r.ok) throw new Error(`Demo petition step ${action} failed: ${r.message}`);
  };
  for (const p of PETITIONS) {
    clock.set(vnInstant(workingDaysBack(p.daysAgo), '10:00'));
    const filed = await svc.petitionIntake.file(
      { loai: p.kind, thu_tuc: null, co_quan: officer.agencyId, ma_ho_so: null, so_cuoi: '', noi_dung: p.content, nguoi_gui: 'individual', ho_ten: p.name, dia_chi: p.address, dien_thoai: p.phone, email: null, cong_khai: true, nonce: await svc.petitionIntake.newNonce(DEMO_VISITOR), loi_moi: null },
      null,
      DEMO_VISITOR,
    );
    if (!filed.ok) throw new Error('Demo petition refused at filing');
    const id = Number((await db('petitions').where({ public_token: filed.token }).first('id')).id);
    await step(control, id, 'forward', { category: p.category, agencyId: officer.agencyId });
    if (p.answer) {
      // The rule is explained, nothing in it changes (art. 15: giải thích).
      await step(officer, id, 'draft', { answer: p.answer, outcome: 'explain' });
      // The head publishes the anonymiser's proposal as it stands (a real approver reads and confirms it on the page).
      const personal = { names: [p.name], addresses: [p.address], phones: [p.phone], emails: [] };
      await step(head, id, 'approve', { publication: { content: anonymise(p.content, personal), answer: anonymise(p.answer, personal), confirmed: true } });
    }
  }
  clock.set(now);
}
