/**
 * The control unit's desk pages: a petition received by letter or phone, the register (sổ
 * tiếp nhận) on a page and as PDF / XLSX (the reports' export kit), and the administrator's
 * choice of the control unit's agency. Mounted before the petition pages (/xu-ly-pakn/:id).
 */
import { Router, type Response } from 'express';
import { PETITION_CHANNEL_LABELS, PETITION_KIND_LABELS, PETITION_KINDS, RECORDED_CHANNELS } from '../../domain/petitions.js';
import type { StaffUser } from '../../domain/roles.js';
import type { Services } from '../../services.js';
import { keysOf, parseObject, type FieldErrors, type FormValues } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { refusalError, statusOf } from '../../web/refusal.js';
import { requireRole } from '../../web/session.js';
import { toPdf } from '../reports/export/pdf.js';
import { toXlsx } from '../reports/export/xlsx.js';
import { controlUnitSchema, recordSchema, registerQuerySchema } from './petition-desk.schema.js';
import { DESK_FORBIDDEN } from './petition-desk.service.js';

const CHANNELS = RECORDED_CHANNELS.map((c) => ({ value: c, label: PETITION_CHANNEL_LABELS[c] }));
const KINDS = PETITION_KINDS.map((k) => ({ value: k, label: PETITION_KIND_LABELS[k] }));

export function petitionDeskRoutes(svc: Services): Router {
  const router = Router();
  const staffOnly = requireRole('officer', 'supervisor', 'admin');
  const desk = svc.petitionDesk;

  async function renderRecord(res: Response, staff: StaffUser, status: number, values: FormValues, errors: FieldErrors): Promise<void> {
    if (!(await desk.mayRecord(staff))) throw refusalError({ reason: 'forbidden', message: DESK_FORBIDDEN });
    res.status(status).render('petitions/staff/record', { title: 'Ghi nhận phản ánh, kiến nghị qua văn bản, điện thoại', noindex: true, values, errors, channels: CHANNELS, kinds: KINDS, summaryOrder: keysOf(recordSchema) });
  }

  router.get(paths.petitions.record, staffOnly, async (req, res) => {
    await renderRecord(res, req.staff!, 200, { nguoi_gui: 'individual' }, {});
  });

  router.post(paths.petitions.record, staffOnly, async (req, res) => {
    const form = parseObject(recordSchema, req.body);
    if (!form.ok) {
      await renderRecord(res, req.staff!, 400, form.values, form.errors);
      return;
    }
    const r = await desk.record(req.staff!, form.value);
    if (r.ok) {
      res.redirect(303, paths.petitions.staffShow(r.id));
      return;
    }
    if (r.reason === 'forbidden') throw refusalError(r);
    await renderRecord(res, req.staff!, statusOf(r), form.values, r.errors);
  });

  router.get(paths.petitions.register, staffOnly, async (req, res) => {
    const q = parseObject(registerQuerySchema, req.query as Record<string, unknown>);
    const query = q.ok ? q.value : { tu: null, den: null, dinh_dang: null };
    const r = await desk.register(req.staff!, { from: query.tu, to: query.den });
    if (!r.ok && r.reason === 'forbidden') throw refusalError(r);
    const errors = !q.ok ? q.errors : !r.ok ? r.errors : {};
    if (r.ok && q.ok && query.dinh_dang) {
      const name = `so-tiep-nhan-pakn-${r.period.firstDay}-${r.period.lastDay}.${query.dinh_dang}`;
      const body = query.dinh_dang === 'pdf' ? await toPdf(r.table) : await toXlsx(r.table);
      const type = query.dinh_dang === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      res.type(type).set('Content-Disposition', `attachment; filename="${name}"`).set('Cache-Control', 'no-store').send(body);
      return;
    }
    const link = (format: string) => (r.ok ? `${paths.petitions.register}?tu=${r.period.firstDay}&den=${r.period.lastDay}&dinh_dang=${format}` : '');
    res.status(q.ok && r.ok ? 200 : 400).render('petitions/staff/register', {
      title: 'Sổ tiếp nhận phản ánh, kiến nghị',
      noindex: true,
      table: r.ok ? r.table : null,
      values: r.ok ? { tu: r.period.firstDay, den: r.period.lastDay } : { tu: String(req.query.tu ?? ''), den: String(req.query.den ?? '') },
      errors,
      links: { pdf: link('pdf'), xlsx: link('xlsx') },
    });
  });

  const adminOnly = requireRole('admin');

  router.get(paths.petitions.controlUnit, adminOnly, async (req, res) => {
    res.render('petitions/staff/control-unit', { title: 'Bộ phận kiểm soát thủ tục hành chính', setting: await desk.controlUnitSetting(), errors: {}, doneMessage: req.query.xong === '1' ? 'Đã lưu cơ quan làm Bộ phận kiểm soát thủ tục hành chính.' : null });
  });

  router.post(paths.petitions.controlUnit, adminOnly, async (req, res) => {
    const form = parseObject(controlUnitSchema, req.body);
    const r = form.ok ? await desk.setControlUnit(req.staff!, form.value.co_quan) : null;
    if (r?.ok) {
      res.redirect(303, `${paths.petitions.controlUnit}?xong=1`);
      return;
    }
    if (r && r.reason === 'forbidden') throw refusalError(r);
    const errors = !form.ok ? form.errors : r && !r.ok && 'errors' in r ? r.errors : {};
    res.status(r ? statusOf(r) : 400).render('petitions/staff/control-unit', { title: 'Bộ phận kiểm soát thủ tục hành chính', setting: await desk.controlUnitSetting(), errors, doneMessage: null });
  });

  return router;
}
