/**
 * Citizens' questions on the dossier page: the thread, and under each question the answer
 * (or internal note) form, with a refused or held answer shown again.
 */
import { failureOf, type DossierPanel } from '../dossiers/page/panel.js';
import type { QuestionsService } from './questions.service.js';

/** The panel's key: a failed answer is `PageFailure.form` `questions:<question id>`. */
export const QUESTIONS_PANEL = 'questions';

export function questionsPanel(questions: Pick<QuestionsService, 'staffThread'>): DossierPanel {
  return {
    key: QUESTIONS_PANEL,
    slot: 'activity',
    order: 20,
    view: 'questions/panel',
    banners: {
      tra_loi: 'Đã gửi câu trả lời cho công dân. Công dân xem được trên trang tình trạng hồ sơ và được báo qua tin nhắn (nếu có).',
      ghi_chu: 'Đã lưu ghi chú nội bộ. Ghi chú không hiển thị cho công dân.',
      chuyen_pakn:
        'Đã chuyển câu hỏi thành phản ánh, kiến nghị. Công dân được báo mã phản ánh và đường dẫn theo dõi; câu hỏi được trả lời bằng mã đó. Bộ phận kiểm soát thủ tục hành chính xử lý hoặc chuyển trong 5 ngày làm việc.',
    },
    async build(ctx) {
      const thread = await questions.staffThread(ctx.dossier.id);
      if (thread.length === 0) return null;
      const failed = failureOf(ctx, QUESTIONS_PANEL);
      const id = failed ? Number(failed.item) : null;
      const form =
        failed && thread.some((q) => q.id === id)
          ? { id: id!, values: failed.values ?? {}, errors: failed.errors ?? {}, message: failed.refusal?.message ?? null, held: failed.refusal?.reason === 'held' }
          : null;
      return {
        model: { questions: thread, questionForm: form, canAnswer: ctx.staff.role !== 'admin' },
        // The refusal links to the confirmation box when the answer is held, else to the question.
        summary: form
          ? {
              errors: form.errors,
              summaryIds: { noi_dung: `noi_dung-${form.id}`, loai: `loai-${form.id}-tl`, xac_nhan: `xac_nhan-${form.id}`, loai_pakn: `loai_pakn-${form.id}-handling` },
              summaryMessage: form.message,
              summaryMessageHref: form.held ? `#xac_nhan-${form.id}` : `#cau-hoi-${form.id}`,
            }
          : undefined,
      };
    },
  };
}
