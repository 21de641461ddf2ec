/** The holiday calendar pages (the admin-only guard is the admin router's). */
import { Router, type Request, type Response } from 'express';
import { DAY_KINDS } from '../../../domain/calendar.js';
import type { Services } from '../../../services.js';
import { notFound } from '../../../web/errors.js';
import { refusalError, statusOf } from '../../../web/refusal.js';
import { parseId, type FieldErrors, type FormValues } from '../../../web/form.js';
import { paths } from '../../../web/paths.js';
import { NOT_IN_CALENDAR, type CalendarChange, type HolidayRecord } from './holidays.service.js';
import { DAY_KIND_LABELS, parseCalendarYear, parseHoliday, parseHolidayDate } from './holidays.schema.js';


function holidayValues(h: HolidayRecord): FormValues {
  return { date: h.date, kind: h.kind, name: h.name, provisional: h.provisional ? 'on' : '' };
}

function dateParam(req: Request): string {
  const date = parseHolidayDate(req.params.date);
  if (date === null) throw notFound();
  return date;
}

export function adminHolidaysRoutes(svc: Services): Router {
  const router = Router();
  const holidays = svc.admin.holidays;
  const dayKindOptions = DAY_KINDS.map((k) => ({ value: k, label: DAY_KIND_LABELS[k] }));

  router.get(paths.admin.holidays, async (req, res) => {
    const year = parseCalendarYear(req.query.nam) ?? holidays.currentYear();
    const { holidays: list, years } = await holidays.list(year);
    res.render('admin/holidays/list', { title: `Lịch nghỉ lễ, làm bù năm ${year}`, year, years, holidays: list, kindLabels: DAY_KIND_LABELS });
  });

  function renderHoliday(res: Response, existing: HolidayRecord | null, values: FormValues, errors: FieldErrors, status = 200) {
    res.status(status).render('admin/holidays/form', {
      title: existing ? `Sửa ngày ${existing.date}` : 'Thêm ngày vào lịch nghỉ lễ, làm bù',
      existing,
      action: existing ? paths.admin.holiday(existing.date) : paths.admin.newHoliday,
      values,
      errors,
      kinds: dayKindOptions,
    });
  }

  // Every change redirects to its stored confirmation page: a reload never sends the form again.
  function redirectToChange(res: Response, change: CalendarChange) {
    res.redirect(303, paths.admin.holidayChange(change.id));
  }

  router.get(paths.admin.holidayChange.pattern, async (req, res) => {
    const id = parseId(req.params.id);
    const change = id === null ? undefined : await holidays.findChange(id);
    if (!change) throw notFound('Không tìm thấy lần cập nhật lịch này.');
    res.render('admin/holidays/changed', { title: 'Đã cập nhật lịch nghỉ lễ', change });
  });

  router.get(paths.admin.newHoliday, (_req, res) => {
    renderHoliday(res, null, { kind: 'holiday' }, {});
  });

  router.post(paths.admin.newHoliday, async (req, res) => {
    const parsed = parseHoliday(req.body);
    if (!parsed.ok) return renderHoliday(res, null, parsed.values, parsed.errors, 400);
    const result = await holidays.add(req.staff!, parsed.value, req.ip ?? null);
    if (!result.ok) return renderHoliday(res, null, parsed.values, result.errors, statusOf(result));
    redirectToChange(res, result.value);
  });

  async function loadHoliday(req: Request): Promise<HolidayRecord> {
    const h = await holidays.find(dateParam(req));
    if (!h) throw refusalError(NOT_IN_CALENDAR);
    return h;
  }

  router.get(paths.admin.holiday.pattern, async (req, res) => {
    const h = await loadHoliday(req);
    renderHoliday(res, h, holidayValues(h), {});
  });

  router.post(paths.admin.holiday.pattern, async (req, res) => {
    const h = await loadHoliday(req);
    const parsed = parseHoliday(req.body, h.date);
    if (!parsed.ok) return renderHoliday(res, h, parsed.values, parsed.errors, 400);
    const result = await holidays.update(req.staff!, parsed.value, req.ip ?? null);
    if (!result.ok) throw refusalError(result);
    redirectToChange(res, result.value);
  });

  router.post(paths.admin.holidayDelete.pattern, async (req, res) => {
    const result = await holidays.remove(req.staff!, dateParam(req), req.ip ?? null);
    if (!result.ok) throw refusalError(result);
    redirectToChange(res, result.value);
  });

  router.post(paths.admin.holidayConfirm.pattern, async (req, res) => {
    const result = await holidays.confirm(req.staff!, dateParam(req), req.ip ?? null);
    if (!result.ok) throw refusalError(result);
    redirectToChange(res, result.value);
  });

  return router;
}
