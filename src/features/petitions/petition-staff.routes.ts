import { Router, type Request, type Response } from 'express';
import { PERSONAL_KIND_LABELS } from '../../domain/anonymise.js';
import { PETITION_TRANSITIONS, isPetitionAction, type PetitionAction } from '../../domain/petition-workflow.js';
import { PETITION_CHANNEL_LABELS, PETITION_OUTCOME_LABELS, PETITION_STATUSES, PETITION_STATUS_LABELS, SCOPE_REASON_LABELS } from '../../domain/petitions.js';
import type { Services } from '../../services.js';
import { notFound } from '../../web/errors.js';
import { refusalError, statusOf } from '../../web/refusal.js';
import { parseId, parseObject, pick, type FormValues } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import { FIELD_NAMES, actSchema, keysOfAct, listQuerySchema } from './petitions.schema.js';

const DONE_MESSAGES: Record<PetitionAction, string> = {
  accept: 'Đã thụ lý phản ánh, kiến nghị.',
  not_in_scope: 'Đã trả lời người phản ánh: không thuộc phạm vi tiếp nhận.',
  forward: 'Đã chuyển phản ánh, kiến nghị đến cơ quan có thẩm quyền.',
  forward_external: 'Đã chuyển phản ánh, kiến nghị đến cơ quan có thẩm quyền ngoài tỉnh và báo người phản ánh.',
  decline: 'Đã trả lại Bộ phận kiểm soát thủ tục hành chính.',
  draft: 'Đã lưu dự thảo trả lời và trình lãnh đạo.',
  keep_for_study: 'Đã ghi nhận tiếp tục nghiên cứu và báo người phản ánh.',
  return_draft: 'Đã trả lại dự thảo cho chuyên viên.',
  approve: 'Đã duyệt và gửi câu trả lời cho người phản ánh.',
  publish: 'Đã công khai kết quả xử lý.',
  withhold_publication: 'Đã ghi nhận không công khai kết quả xử lý, kèm lý do.',
};

interface FormState {
  values: FormValues;
  errors: Record<string, string>;
  message: string | null;
}

const EMPTY_FORM: FormState = { values: {}, errors: {}, message: null };

/** The staff pages of petitions: the list, one petition, its actions (control unit and competent agency). */
export function petitionStaffRoutes(svc: Services): Router {
  const router = Router();
  const staffOnly = requireRole('officer', 'supervisor', 'admin');

  async function renderPage(req: Request, res: Response, id: number, status: number, form: FormState, done: string | null): Promise<void> {
    const r = await svc.petitions.page(req.staff!, id);
    if (!r.ok) throw refusalError(r);
    res.status(status).render('petitions/staff/show', {
      title: `Phản ánh, kiến nghị ${r.page.p.code}`,
      noindex: true,
      page: r.page,
      rules: PETITION_TRANSITIONS,
      piiLabels: PERSONAL_KIND_LABELS,
      channelLabels: PETITION_CHANNEL_LABELS,
      outcomeLabels: PETITION_OUTCOME_LABELS,
      scopeReasonLabels: SCOPE_REASON_LABELS,
      form,
      doneMessage: done,
    });
  }

  router.get(paths.petitions.staffList, staffOnly, async (req, res) => {
    const q = parseObject(listQuerySchema, req.query as Record<string, unknown>);
    const filter = q.ok ? { status: q.value.trang_thai, all: q.value.tat_ca } : { status: null, all: false };
    const [list, mayRecord] = await Promise.all([svc.petitions.list(req.staff!, filter), svc.petitionDesk.mayRecord(req.staff!)]);
    res.status(q.ok ? 200 : 400).render('petitions/staff/list', {
      title: 'Phản ánh, kiến nghị',
      noindex: true,
      ...list,
      mayRecord,
      filter,
      filterError: q.ok ? null : Object.values(q.errors)[0] ?? null,
      statuses: PETITION_STATUSES.map((s) => ({ value: s, label: PETITION_STATUS_LABELS[s] })),
    });
  });

  router.get(paths.petitions.staffShow.pattern, staffOnly, async (req, res) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Không tìm thấy phản ánh, kiến nghị.');
    const done = typeof req.query.xong === 'string' && isPetitionAction(req.query.xong) ? DONE_MESSAGES[req.query.xong] : null;
    await renderPage(req, res, id, 200, EMPTY_FORM, done);
  });

  router.post(paths.petitions.act.pattern, staffOnly, async (req, res) => {
    const id = parseId(req.params.id);
    // Another agency's petition: 404 before anything about the form is said.
    if (id === null || !(await svc.petitions.canSee(req.staff!, id))) throw notFound('Không tìm thấy phản ánh, kiến nghị.');
    const form = parseObject(actSchema, req.body);
    if (!form.ok) {
      await renderPage(req, res, id, 400, { values: form.values, errors: form.errors, message: 'Vui lòng kiểm tra lại thông tin đã nhập.' }, null);
      return;
    }
    const v = form.value;
    const result = await svc.petitions.act(
      req.staff!,
      id,
      {
        action: v.thao_tac,
        version: v.phien_ban,
        note: v.ghi_chu,
        category: v.phan_loai,
        agencyId: v.co_quan,
        answer: v.noi_dung_tra_loi,
        outcome: v.ket_qua,
        scopeReason: v.ly_do_khong_thuoc,
        externalBody: v.co_quan_ngoai_tinh,
        dispatchNumber: v.so_van_ban,
        dispatchDate: v.ngay_van_ban,
        reviewDate: v.ngay_xem_xet_lai,
        publication: { content: v.noi_dung_cong_khai, answer: v.tra_loi_cong_khai, confirmed: v.xac_nhan_cong_khai, withheldReason: v.ly_do_khong_cong_khai },
      },
      req.ip ?? null,
    );
    if (result.ok) {
      res.redirect(303, paths.petitions.done(id, result.action));
      return;
    }
    if (result.reason === 'not_found' || result.reason === 'forbidden') throw refusalError(result);
    if (result.reason === 'conflict') {
      // Stale: the page with the current state; what was typed is shown back.
      await renderPage(req, res, id, statusOf(result), { values: pick(req.body, keysOfAct), errors: {}, message: result.message }, null);
      return;
    }
    const field = result.field ? FIELD_NAMES[result.field] : null;
    await renderPage(req, res, id, statusOf(result), { values: form.values, errors: field ? { [field]: result.message } : {}, message: result.message }, null);
  });

  return router;
}
