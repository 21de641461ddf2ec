/**
 * "Tệp hồ sơ và kết quả điện tử" on the dossier page: the scans of the dossier's documents
 * (with a form to attach more, per document), the electronic result (whether its PDF carries
 * a signature, how often the citizen downloaded it, whether the citizen may download it yet
 * and why not) with its upload form where the result can be electronic, and "Công dân đã nộp
 * phí, lệ phí" where the procedure has a fee.
 */
import { failureOf, type DossierPanel } from '../dossiers/page/panel.js';
import type { DossierFilesService } from './dossier-files.service.js';

/** The panel's key; its forms fail as `dossier-files:result`, `dossier-files:scans`, `dossier-files:fee`. */
export const FILES_PANEL = 'dossier-files';

const SUMMARY_IDS: Record<string, Record<string, string>> = {
  result: { tep: 'tep-ket-qua' },
  scans: { tep: 'tep-ban-chup', giay_to: 'giay-to-ban-chup' },
  fee: { fee: 'nop-phi' },
};

export function dossierFilesPanel(service: Pick<DossierFilesService, 'panel'>): DossierPanel {
  return {
    key: FILES_PANEL,
    slot: 'activity',
    order: 5,
    view: 'dossier-files/panel',
    banners: {
      ket_qua_dien_tu: 'Đã đính kèm kết quả điện tử. Công dân tải được tại trang tra cứu hồ sơ khi hồ sơ đã có kết quả (và đã nộp phí, lệ phí nếu có).',
      ban_chup: 'Đã đính kèm bản chụp giấy tờ vào hồ sơ.',
      da_nop_phi: 'Đã ghi nhận công dân nộp phí, lệ phí.',
      go_tep: 'Đã gỡ tệp khỏi hồ sơ.',
    },
    async build(ctx) {
      const model = await service.panel(ctx.staff, ctx);
      const failed = failureOf(ctx, FILES_PANEL);
      const form = failed?.item ?? null;
      const errors = failed?.errors ?? {};
      return {
        model: { files: model, filesForm: form, filesErrors: errors },
        summary: form && SUMMARY_IDS[form] ? { errors, summaryIds: SUMMARY_IDS[form] } : undefined,
      };
    },
  };
}
