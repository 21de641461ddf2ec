/**
 * The site's root: each role's home page (the day's numbers, each linking to the list
 * behind it), or the citizen's front page for visitors (look up a dossier; staff sign-in).
 */
import { Router, type Request, type Response } from 'express';
import type { StaffUser } from '../../domain/roles.js';
import { formatDateVn, localDateOf, localParts, vnInstant } from '../../domain/time.js';
import type { Services } from '../../services.js';
import { paths } from '../../web/paths.js';
import { formatPercentVn } from '../reports/table.js';
import type { OfficerTag } from './home.service.js';

/** One number on a home page and the list behind it. */
export interface Tile {
  label: string;
  value: string;
  href: string;
  hint?: string;
  tone?: 'alert' | 'warn' | 'ok' | 'plain';
}

/** The staff dossier list with filters, as its search form writes them (dossiers.schema.ts). */
function dossierList(filters: Record<string, string>): string {
  return `${paths.dossiers.list}?${new URLSearchParams(filters).toString()}`;
}

/** The processing-results report of one month (reports.schema.ts: ky=thang&thang=YYYY-MM). */
function monthReport(month: string): string {
  return `${paths.reports.show('ket-qua-giai-quyet')}?${new URLSearchParams({ ky: 'thang', thang: month }).toString()}`;
}

const OFFICER_TILES: Record<OfficerTag, { label: string; hint: string; tone: Tile['tone'] }> = {
  waiting: { label: 'Chờ nhận xử lý', hint: 'Hồ sơ trong hàng đợi của đơn vị, chưa ai nhận', tone: 'warn' },
  on_track: { label: 'Trong hạn', hint: 'Còn hơn 1 ngày làm việc đến hẹn trả', tone: 'ok' },
  due_soon: { label: 'Sắp đến hạn', hint: 'Còn không quá 1 ngày làm việc', tone: 'warn' },
  overdue: { label: 'Quá hạn', hint: 'Đã quá hẹn trả mà chưa giải quyết xong', tone: 'alert' },
  paused: { label: 'Tạm dừng', hint: 'Chờ bổ sung, chờ nộp phí hoặc xác minh', tone: 'plain' },
};

const count = (n: number) => String(n);
/** "09:15": the time of day in Vietnam. */
function hourMinute(instant: Date): string {
  const p = localParts(instant);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

export function homeRoutes(svc: Services): Router {
  const router = Router();
  const home = svc.home;

  async function clerk(res: Response, staff: StaffUser) {
    const v = await home.clerk(staff);
    const tiles: Tile[] = [
      { label: 'Tiếp nhận hôm nay', value: count(v.counts.receivedToday), href: dossierList({ tu_ngay: v.today, den_ngay: v.today }), tone: 'plain' },
      { label: 'Kết quả chờ trả', value: count(v.counts.resultReady), href: dossierList({ trang_thai: 'result_ready' }), hint: 'Đã có kết quả, chờ người dân đến nhận', tone: 'ok' },
      { label: 'Chờ bổ sung hồ sơ', value: count(v.counts.awaitingSupplement), href: dossierList({ trang_thai: 'awaiting_supplement' }), hint: 'Người dân cần nộp thêm giấy tờ', tone: 'warn' },
    ];
    res.render('home/clerk', { title: 'Trang chủ', tiles, todayRows: v.todayRows.map((r) => ({ ...r, time: hourMinute(r.receivedAt) })),
      counterToday: v.counterToday.map((r) => ({ ...r, time: hourMinute(r.createdAt) })),
      todayLabel: formatDateVn(vnInstant(v.today, '12:00')) });
  }

  async function officer(res: Response, staff: StaffUser) {
    const v = await home.officer(staff);
    const tiles: Tile[] = (Object.keys(OFFICER_TILES) as OfficerTag[]).map((tag) => ({ ...OFFICER_TILES[tag], value: count(v.counts[tag]), href: paths.queueTagged(tag) }));
    res.render('home/officer', { title: 'Trang chủ', tiles, petitionCounts: await svc.petitions.counts(staff) });
  }

  /**
   * The province's control unit (a supervisor of the province centre): it triages and
   * forwards petitions, so its home leads with them, not with dossier tiles.
   */
  async function controlUnit(res: Response, staff: StaffUser, c: NonNullable<Awaited<ReturnType<Services['petitions']['controlUnitCounts']>>>) {
    const tiles: Tile[] = [
      { label: 'Quá hạn', value: count(c.overdue), href: paths.petitions.staffList, hint: 'Quá hạn chuyển (5 ngày làm việc) hoặc quá hạn trả lời', tone: c.overdue > 0 ? 'alert' : 'ok' },
      { label: 'Mới tiếp nhận', value: count(c.byStatus.received), href: paths.petitions.staffListOf('received'), hint: 'Chờ thụ lý, phân loại', tone: 'warn' },
      { label: 'Đã thụ lý, chờ chuyển', value: count(c.byStatus.accepted), href: paths.petitions.staffListOf('accepted'), hint: 'Chờ chuyển cơ quan có thẩm quyền', tone: 'warn' },
      { label: 'Đã chuyển, chờ trả lời', value: count(c.byStatus.forwarded), href: paths.petitions.staffListOf('forwarded'), hint: 'Cơ quan có thẩm quyền đang xử lý', tone: 'plain' },
      { label: 'Dự thảo chờ duyệt', value: count(c.byStatus.drafted), href: paths.petitions.staffListOf('drafted'), hint: 'Cơ quan có thẩm quyền đã dự thảo trả lời, chờ lãnh đạo duyệt', tone: 'plain' },
      {
        label: 'Đến ngày xem xét lại',
        value: count(c.reviewDue),
        href: paths.petitions.staffListOf('kept_for_study'),
        hint: 'Tiếp tục nghiên cứu (điểm b khoản 2 Điều 14 Nghị định 20/2008/NĐ-CP): đã đến ngày xem xét lại',
        tone: c.reviewDue > 0 ? 'warn' : 'plain',
      },
    ];
    const month = localDateOf(svc.clock.now());
    res.render('home/control-unit', {
      title: 'Trang chủ',
      tiles,
      reportHref: paths.reports.showWith('phan-anh-kien-nghi', { ky: 'thang', thang: `${Number(month.slice(5, 7))}/${month.slice(0, 4)}` }),
    });
  }

  async function supervisor(res: Response, staff: StaffUser) {
    const unit = await svc.petitions.controlUnitCounts(staff);
    if (unit) return controlUnit(res, staff, unit);
    const v = await home.supervisor(staff);
    const tiles: Tile[] = [
      { label: 'Đang quá hạn', value: count(v.counts.overdue), href: dossierList({ qua_han: '1' }), hint: 'Hồ sơ chưa giải quyết xong đã quá hẹn trả', tone: 'alert' },
      { label: 'Sắp đến hạn', value: count(v.counts.dueSoon), href: paths.queueTagged('due_soon', true), hint: 'Còn không quá 1 ngày làm việc', tone: 'warn' },
      {
        label: `Tỷ lệ đúng hạn tháng ${v.monthLabel}`,
        value: v.onTimeRate === null ? '–' : formatPercentVn(v.onTimeRate),
        href: monthReport(v.month),
        hint: v.onTimeRate === null ? 'Chưa có hồ sơ giải quyết xong trong tháng' : `Trên ${v.finished} hồ sơ đã giải quyết xong trong tháng`,
        tone: 'ok',
      },
      {
        label: 'Không hài lòng, chưa theo dõi',
        value: count(v.counts.unsatisfied),
        href: paths.ratings.toFollowUp,
        hint: v.followUpKnown ? 'Đánh giá “Không hài lòng” chưa được xử lý, phản hồi' : 'Mọi đánh giá “Không hài lòng” của đơn vị',
        tone: 'alert',
      },
    ];
    res.render('home/supervisor', { title: 'Trang chủ', tiles, petitionCounts: await svc.petitions.counts(staff) });
  }

  async function admin(res: Response, staff: StaffUser) {
    const v = await home.admin(staff);
    const syncTiles: Tile[] = [
      { label: 'Thay đổi chờ gửi lên Cổng', value: count(v.portal.pending), href: paths.admin.portal, hint: v.portal.oldestUnsent ? `Cũ nhất chưa gửi: ${v.portal.oldestUnsent.age} trước` : 'Mọi thay đổi đã được gửi', tone: v.portal.pending ? 'warn' : 'ok' },
      { label: 'Đang giữ lại vì thiếu mã', value: count(v.portal.held), href: paths.admin.portal, tone: v.portal.held ? 'warn' : 'ok' },
      { label: 'Gửi lỗi, đã dừng', value: count(v.portal.failed), href: paths.admin.portalList('failed'), tone: v.portal.failed ? 'alert' : 'ok' },
    ];
    const tiles: Tile[] = [
      { label: 'Tin nhắn đến giờ gửi, chưa gửi được', value: count(v.outbox.due), href: paths.notifications.ofStatus('created'), tone: v.outbox.due ? 'warn' : 'ok' },
      { label: 'Gửi lỗi, chờ gửi lại', value: count(v.outbox.temporaryFailures), href: paths.notifications.ofStatus('temporary-failure'), tone: 'warn' },
      { label: 'Gửi thất bại hẳn', value: count(v.outbox.permanentFailures), href: paths.notifications.ofStatus('permanent-failure'), tone: 'alert' },
    ];
    res.render('home/admin', { title: 'Trang chủ', tiles, syncTiles, ...v, petitionCounts: await svc.petitions.counts(staff) });
  }

  router.get(paths.home, async (req: Request, res: Response) => {
    const staff = req.staff;
    if (!staff) {
      // The form carries this visitor's CSRF token: not for shared caches.
      res.set('Cache-Control', 'private, no-cache');
      res.render('home/visitor', { title: (res.locals.t as (key: string) => string)('home.title'), points: await home.visitor(), values: { code: '', phone_last4: '' }, errors: {} });
      return;
    }
    if (staff.role === 'clerk') return clerk(res, staff);
    if (staff.role === 'officer') return officer(res, staff);
    if (staff.role === 'supervisor') return supervisor(res, staff);
    return admin(res, staff);
  });
  return router;
}
