/**
 * The survey's invitation (registered in src/messaging.ts). Sealed: its link is personal, so
 * the outbox erases the message's recipient and data once it is delivered or given up, and
 * no staff page lists it (docs/survey.md).
 */
import type { MessageTemplate } from '../../platform/messaging/templates.js';

export const SURVEY_TEMPLATES = [
  {
    key: 'survey_invitation',
    audience: 'citizen',
    label: 'Mời tham gia khảo sát sự hài lòng',
    title: 'Mời Ông/Bà cho ý kiến về sự phục vụ của {agency}',
    text: 'Ông/Bà được chọn ngẫu nhiên để khảo sát sự hài lòng về {agency} ({period}). Phiếu ẩn danh, 2 phút, đến {closes}: {survey_url}',
    params: ['agency', 'period', 'closes', 'survey_url'],
    description:
      'Gửi công dân được chọn ngẫu nhiên trong số người đã nhận kết quả trong kỳ (tác vụ “survey”). Đường dẫn là riêng của từng người: tin nhắn được xóa người nhận và nội dung sau khi gửi xong, không hiện trong danh sách tin nhắn.',
    sample: { agency: 'UBND phường Trấn Biên', period: 'Quý IV/2026', closes: '05/02/2027', survey_url: 'https://motcua.example.vn/khao-sat/abc' },
    sealed: true,
  },
] as const satisfies readonly MessageTemplate[];
