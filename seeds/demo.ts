/**
 * Demo data for a new, non-production database: one account per role and a few
 * dossiers received over the last working days, so every page has something to show.
 * All demo accounts share the password DEMO_PASSWORD.
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../src/config.js';
import { fixedClock } from '../src/deps.js';
import { hashPassword } from '../src/features/auth/password.js';
import type { Role, StaffUser } from '../src/domain/roles.js';
import { intakeService } from '../src/features/intake/intake.service.js';
import { MINUTE_MS, addDays, localDateOf, vnInstant } from '../src/domain/time.js';
import { workflowService } from '../src/features/workflow/workflow.service.js';
import { catalogueService } from '../src/features/catalogue/catalogue.service.js';
import { calendarService } from '../src/features/calendar/calendar.service.js';
import { indexDossierWords } from '../src/features/dossiers/search-words.repo.js';
import { notificationsService } from '../src/features/notifications/notifications.service.js';

export const DEMO_PASSWORD = 'motcua2026';

/** `phone` is the work phone printed on Mẫu 02 as the guiding officer's. */
export const DEMO_USERS: Array<{ username: string; fullName: string; role: Role; agencyEid: string; email?: string; phone?: string }> = [
  { username: 'tiepnhan', fullName: 'Nguyễn Thị Thu Hà', role: 'clerk', agencyEid: '000.31.01.H26', phone: '0251 3822 151' },
  { username: 'tiepnhan.tuphap', fullName: 'Lê Văn Phúc', role: 'clerk', agencyEid: '000.00.12.H26', phone: '0251 3999 012' },
  { username: 'chuyenvien', fullName: 'Trần Minh Khoa', role: 'officer', agencyEid: '000.31.01.H26', email: 'chuyenvien@motcua.example', phone: '0251 3822 152' },
  { username: 'lanhdao', fullName: 'Phạm Thị Lan', role: 'supervisor', agencyEid: '000.31.01.H26', email: 'lanhdao@motcua.example', phone: '0251 3822 150' },
  { username: 'quantri', fullName: 'Võ Đức Anh', role: 'admin', agencyEid: '000.00.01.H26' },
];

/**
 * Demo dossiers: received some working days ago (each lands in the ward's queue at once),
 * then taken by the officer and moved along. One of today's waits in the queue.
 */
const SAMPLES: Array<{ procedure: string; daysAgo: number; name: string; id: string; phone: string; then: Array<'take' | 'request_supplement'> }> = [
  { procedure: '2.000815', daysAgo: 0, name: 'Nguyễn Thị Thảo', id: '075190001234', phone: '0987654321', then: [] },
  { procedure: '1.001612', daysAgo: 1, name: 'Trần Văn Hùng', id: '075088004321', phone: '0912345678', then: ['take'] },
  { procedure: '1.004873', daysAgo: 2, name: 'Lê Hoàng Yến', id: '075195006789', phone: '0903123456', then: ['take', 'request_supplement'] },
  { procedure: '1.004222', daysAgo: 3, name: 'Phạm Quốc Bảo', id: '075092001122', phone: '0938777888', then: ['take'] },
];

export async function isNewDatabase(db: Knex): Promise<boolean> {
  const row = await db('users').count<{ n: number }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0) === 0;
}

export async function loadDemoData(db: Knex, config: Config, logger: Logger, now: Date = new Date()): Promise<void> {
  const hash = await hashPassword(DEMO_PASSWORD);
  const agencies = new Map<string, number>((await db('agencies').select('id', 'eid')).map((r) => [r.eid, r.id]));
  for (const u of DEMO_USERS) {
    await db('users')
      .insert({ username: u.username, full_name: u.fullName, email: u.email ?? null, phone: u.phone ?? '', password_hash: hash, role: u.role, agency_id: agencies.get(u.agencyEid)!, active: true, created_at: now })
      .onConflict('username')
      .ignore();
  }
  const clerkRow = await db('users as u').join('agencies as a', 'a.id', 'u.agency_id').where('u.username', 'tiepnhan').first('u.id', 'u.agency_id', 'a.name');
  const clerk: StaffUser = { id: clerkRow.id, username: 'tiepnhan', fullName: DEMO_USERS[0]!.fullName, role: 'clerk', agencyId: clerkRow.agency_id, agencyName: clerkRow.name };
  const officerRow = await db('users').where('username', 'chuyenvien').first('id', 'full_name', 'agency_id');
  const officer: StaffUser = { id: officerRow.id, username: 'chuyenvien', fullName: officerRow.full_name, role: 'officer', agencyId: officerRow.agency_id, agencyName: clerk.agencyName };
  const cal = await calendarService({ db, config }).current();
  const catalogue = catalogueService({ db });
  const calendar = calendarService({ db, config });
  for (const s of SAMPLES) {
    // Received at 09:30, s.daysAgo working days back (or right now, for today's).
    let day = localDateOf(now);
    for (let i = 0; i < s.daysAgo; i++) {
      do day = addDays(day, -1);
      while (!cal.isWorkingDay(day));
    }
    const clock = fixedClock(s.daysAgo === 0 ? now : vnInstant(day, '09:30'));
    const procedure = await catalogue.procedureForAgency(clerk.agencyId, s.procedure);
    if (!procedure) throw new Error(`Demo procedure ${s.procedure} is not in the catalogue`);
    // The citizen's notices are stored in the outbox as for a real intake (delivered by the outbox job).
    const notifications = notificationsService({ db, config, clock, logger });
    const received = await intakeService({ db, clock }, { catalogue, calendar, notifications, indexWords: indexDossierWords }).receive(
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
    const workflow = workflowService({ db, clock, config }, { calendar, notifications });
    for (const step of s.then) {
      clock.advance(30 * MINUTE_MS);
      const version = (await db('dossiers').where({ id: received.dossierId }).first('version')).version;
      const result =
        step === 'take'
          ? await workflow.act(officer, received.dossierId, { action: 'take', version, note: null }, null)
          : await workflow.act(officer, received.dossierId, { action: 'request_supplement', version, note: 'Bản sao Giấy chứng nhận kết hôn đã cấp (nếu có)\nTờ khai ghi rõ nơi cư trú trước đây' }, null);
      if (!result.ok) throw new Error(`Demo step ${step} failed: ${result.message}`);
    }
  }
  logger.info({ users: DEMO_USERS.map((u) => u.username), dossiers: SAMPLES.length }, 'demo data loaded');
}
