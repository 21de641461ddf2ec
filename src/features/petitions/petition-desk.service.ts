/**
 * The control unit's desk (Decree 20/2008/NĐ-CP as amended; issue 25):
 * - a petition received by letter or phone, written down by the control unit's staff with
 *   who sent it, when and how it came, and the officer who wrote it (art. 6, 7(2)(đ),
 *   9(1)(b)–(c)): filed as the web form files one (code, deadline, chain, acknowledgement);
 * - the register of petitions received (sổ tiếp nhận) for a period, as a report table the
 *   routes export to PDF and XLSX with the reports' export kit;
 * - the control unit's agency, an administrator's setting (art. 8; Decree 92/2017 art. 6(2)).
 */
import type { Deps } from '../../deps.js';
import { codeDatePart } from '../../domain/dossier-code.js';
import { forwardDueAt } from '../../domain/petition-deadline.js';
import {
  formatPetitionCode,
  hasPetitionContact,
  PETITION_CHANNEL_LABELS,
  PETITION_KIND_LABELS,
  PETITION_OUTCOME_LABELS,
  PETITION_STATUS_LABELS,
  type PetitionChannel,
  type PetitionKind,
  type PetitionOutcome,
  type PetitionStatus,
} from '../../domain/petitions.js';
import { parsePeriod, type Period } from '../../domain/period.js';
import type { StaffUser } from '../../domain/roles.js';
import { formatDateTimeVn, formatLocalDateVn, localDateOf, vnInstant } from '../../domain/time.js';
import type { FieldErrors } from '../../web/form.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { MessagingService } from '../../platform/messaging/messaging.service.js';
import { refuse, refuseFields, type Refusal } from '../../platform/refusal/refusal.js';
import type { ReportColumn, ReportTable } from '../reports/table.js';
import { activeAgencies, controlUnitAgency, setControlUnitAgency } from './control-unit.repo.js';
import { appendPetitionEvent } from './petition-events.repo.js';
import { mayRecord, viewerOf } from './petition-access.js';
import { PETITION_MESSAGES, petitionSenderOf } from './petition-intake.schema.js';
import { petitionIntakeRepo } from './petition-intake.repo.js';
import { randomToken } from './petition-intake.service.js';
import { DESK_MESSAGES, type RecordInput } from './petition-desk.schema.js';
import { registerRows } from './petition-register.repo.js';

export const DESK_FORBIDDEN = 'Chỉ cán bộ của Bộ phận kiểm soát thủ tục hành chính (hoặc quản trị viên) ghi nhận phản ánh, kiến nghị qua văn bản, điện thoại và in sổ tiếp nhận.';

export type RecordResult = { ok: true; id: number; code: string } | Refusal<'forbidden'> | (Refusal<'invalid'> & { errors: FieldErrors });

export const REGISTER_COLUMNS: ReportColumn[] = [
  { key: 'no', label: 'STT', kind: 'int', width: 3 },
  { key: 'code', label: 'Mã phản ánh, kiến nghị', kind: 'text', width: 9 },
  { key: 'receivedAt', label: 'Thời điểm tiếp nhận', kind: 'datetime', width: 7 },
  { key: 'channel', label: 'Hình thức, cách tiếp nhận', kind: 'text', width: 10 },
  { key: 'recordedBy', label: 'Người ghi nhận', kind: 'text', width: 7 },
  { key: 'sender', label: 'Người phản ánh, địa chỉ, liên hệ', kind: 'text', width: 14 },
  { key: 'kind', label: 'Loại', kind: 'text', width: 7 },
  { key: 'content', label: 'Nội dung (tóm tắt)', kind: 'text', width: 20 },
  { key: 'handling', label: 'Xử lý (chuyển, trả lời, kết quả)', kind: 'text', width: 16 },
  { key: 'status', label: 'Tình trạng', kind: 'text', width: 8 },
];

export const REGISTER_NOTES = [
  'Sổ tiếp nhận phản ánh, kiến nghị về quy định hành chính (Nghị định 20/2008/NĐ-CP, sửa đổi bởi Nghị định 48/2013/NĐ-CP và 92/2017/NĐ-CP): mọi phản ánh, kiến nghị tiếp nhận trong kỳ theo thứ tự thời điểm tiếp nhận, qua cổng trực tuyến, Zalo, văn bản và điện thoại (Điều 6; điểm đ khoản 2 Điều 7; điểm b, c khoản 1 Điều 9).',
  'Phản ánh qua điện thoại được cán bộ ghi lại; người ghi nhận là cán bộ đã ghi. Sổ có thông tin cá nhân của người phản ánh: chỉ lưu hành nội bộ.',
];

const clipTo = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

export function petitionDeskService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, wiring: { calendar: CalendarService; messaging: Pick<MessagingService, 'notifyContact'> }) {
  const { calendar, messaging } = wiring;

  return {
    /** May this member of staff write down letters and phone calls and print the register? */
    async mayRecord(staff: StaffUser): Promise<boolean> {
      return mayRecord(await viewerOf(deps.db, staff));
    },

    /** A petition received by letter or phone, written down by `staff`: filed with its code, deadline, chain and acknowledgement. */
    async record(staff: StaffUser, input: RecordInput): Promise<RecordResult> {
      if (!mayRecord(await viewerOf(deps.db, staff))) return refuse('forbidden', DESK_FORBIDDEN);
      const now = deps.clock.now();
      const [date, time] = input.thoi_diem.split('T') as [string, string];
      const receivedAt = vnInstant(date, time);
      const errors: FieldErrors = {};
      if (Number.isNaN(receivedAt.getTime()) || receivedAt.getTime() > now.getTime() || localDateOf(receivedAt) !== date) errors.thoi_diem = DESK_MESSAGES.receivedAt;
      // Art. 7: the sender's name, address and a contact (a phone call's number is one).
      if (!hasPetitionContact({ phone: input.dien_thoai, email: input.email, zaloUserId: null })) errors.dien_thoai = PETITION_MESSAGES.contact;
      if (Object.keys(errors).length > 0) return refuseFields(errors);
      const cal = await calendar.current();
      const due = forwardDueAt(cal, receivedAt);
      const day = codeDatePart(receivedAt);
      const repo = petitionIntakeRepo(deps.db);
      const publicToken = randomToken();
      const channel: PetitionChannel = input.kenh;
      const filed = await repo.transaction(async (trx) => {
        const code = formatPetitionCode(day, await repo.nextSequence(trx, day));
        const id = await repo.insertPetition(trx, {
          code,
          publicToken,
          formNonce: null,
          kind: input.loai,
          channel,
          procedureId: null,
          concernedAgencyId: null,
          dossierId: null,
          officialId: null,
          ...petitionSenderOf(input),
          zaloUserId: null,
          ip: null,
          receivedAt,
          forwardDueAt: due,
          recordedBy: staff.id,
          receivedHow: input.cach_nhan,
        });
        await appendPetitionEvent(trx, id, {
          type: 'received',
          fromStatus: null,
          toStatus: 'received',
          actorId: staff.id,
          note: `${PETITION_CHANNEL_LABELS[channel]}: ${input.cach_nhan}. Ghi nhận lúc ${formatDateTimeVn(now)}.`,
          public: true,
          ip: null,
          createdAt: now,
        });
        await messaging.notifyContact(trx, {
          contact: { phone: input.dien_thoai, email: input.email },
          template: 'petition_received',
          data: { code, forward_due: formatDateTimeVn(due), status_url: absoluteUrl(deps.config.server.publicBaseUrl, paths.petitions.status(publicToken)) },
          reference: code,
          key: `petition_received:${id}`,
          now,
        });
        return { id, code };
      });
      return { ok: true, ...filed };
    },

    /** The register for the days [from, to] (default: this month up to today), or why not. */
    async register(staff: StaffUser, q: { from: string | null; to: string | null }): Promise<{ ok: true; table: ReportTable; period: Period } | Refusal<'forbidden'> | (Refusal<'invalid'> & { errors: FieldErrors })> {
      if (!mayRecord(await viewerOf(deps.db, staff))) return refuse('forbidden', DESK_FORBIDDEN);
      const now = deps.clock.now();
      const today = localDateOf(now);
      const parsed = parsePeriod({ kind: 'custom', from: q.from ?? `${today.slice(0, 8)}01`, to: q.to ?? today }, today);
      if (!parsed.ok) {
        const errors = { [parsed.field === 'to' ? 'den' : 'tu']: parsed.message };
        return refuseFields(errors);
      }
      const period = parsed.period;
      const rows = await registerRows(deps.db, period.from, period.to);
      const unit = await controlUnitAgency(deps.db);
      const table: ReportTable = {
        title: 'Sổ tiếp nhận phản ánh, kiến nghị',
        subtitle: `${period.label}${unit ? ` · ${unit.name}` : ''}`,
        generatedAt: now,
        columns: REGISTER_COLUMNS,
        rows: rows.map((r, i) => {
          const handling = [
            r.competentAgencyName ? `Chuyển ${r.competentAgencyName}${r.forwardedAt ? ` (${formatDateTimeVn(r.forwardedAt)})` : ''}` : '',
            r.externalBody ? `Chuyển ${r.externalBody}, văn bản số ${r.dispatchNumber} ngày ${r.dispatchDate ? formatLocalDateVn(r.dispatchDate) : ''}` : '',
            r.status === 'not_in_scope' && r.closingReason ? r.closingReason : '',
            r.answeredAt ? `Trả lời ${formatDateTimeVn(r.answeredAt)}` : '',
            r.outcome ? PETITION_OUTCOME_LABELS[r.outcome as PetitionOutcome] : '',
          ].filter(Boolean);
          return {
            no: i + 1,
            code: r.code,
            receivedAt: r.receivedAt,
            channel: `${PETITION_CHANNEL_LABELS[r.channel as PetitionChannel] ?? r.channel}${r.receivedHow ? `: ${r.receivedHow}` : ''}`,
            recordedBy: r.recordedByName ?? '',
            sender: [r.senderName, r.senderAddress, r.senderContact].filter(Boolean).join('; '),
            kind: PETITION_KIND_LABELS[r.kind as PetitionKind] ?? r.kind,
            content: clipTo(r.content, 300),
            handling: handling.join('. '),
            status: PETITION_STATUS_LABELS[r.status as PetitionStatus] ?? r.status,
          };
        }),
        totals: null,
        notes: REGISTER_NOTES,
      };
      return { ok: true, table, period };
    },

    /** The control unit's agency and the choices (the administrator's page). */
    async controlUnitSetting(): Promise<{ agency: { id: number; name: string } | null; agencies: Array<{ id: number; name: string }> }> {
      const [agency, agencies] = await Promise.all([controlUnitAgency(deps.db), activeAgencies(deps.db)]);
      return { agency, agencies };
    },

    /** Name the control unit's agency (administrators only; an active agency). */
    async setControlUnit(staff: StaffUser, agencyId: number | null): Promise<{ ok: true } | Refusal<'forbidden'> | (Refusal<'invalid'> & { errors: FieldErrors })> {
      if (staff.role !== 'admin') return refuse('forbidden', 'Chỉ quản trị viên chọn cơ quan làm Bộ phận kiểm soát thủ tục hành chính.');
      const agencies = await activeAgencies(deps.db);
      if (agencyId === null || !agencies.some((a) => a.id === agencyId)) {
        const errors = { co_quan: DESK_MESSAGES.agency };
        return refuseFields(errors);
      }
      await setControlUnitAgency(deps.db, agencyId, deps.clock.now());
      return { ok: true };
    },
  };
}

export type PetitionDeskService = ReturnType<typeof petitionDeskService>;
