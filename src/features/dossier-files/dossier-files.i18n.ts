/** The electronic result on the citizen's status page, in Vietnamese and English. */
import { RESULT_WAIT_MESSAGES } from '../../domain/result-file.js';
import { catalogue } from '../../web/i18n/translator.js';

export const DOSSIER_FILES_MESSAGES_I18N = catalogue(
  {
    'result.title': 'Kết quả điện tử',
    'result.download': 'Tải kết quả điện tử (PDF)',
    'result.signed': 'Tệp PDF có chữ ký số. Ông/Bà kiểm tra chữ ký bằng phần mềm đọc PDF.',
    'result.unsigned': 'Tệp PDF không có chữ ký số.',
    'result.waiting.fee_unpaid': RESULT_WAIT_MESSAGES.fee_unpaid,
    'result.waiting.no_file': RESULT_WAIT_MESSAGES.no_file,
    'result.waiting.not_ready': RESULT_WAIT_MESSAGES.not_ready,
  },
  {
    'result.title': 'Electronic result',
    'result.download': 'Download the electronic result (PDF)',
    'result.signed': 'The PDF carries a digital signature. Check the signature with your PDF reader.',
    'result.unsigned': 'The PDF carries no digital signature.',
    'result.waiting.fee_unpaid': 'You can download the electronic result once you have paid the fees.',
    'result.waiting.no_file': 'This dossier has no electronic result yet.',
    'result.waiting.not_ready': 'The electronic result can be downloaded once the dossier has a result.',
  },
);
