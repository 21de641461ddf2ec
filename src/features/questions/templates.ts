/** The questions feature's message templates (staff reminders), registered with the messaging platform by src/messaging.ts. */
import type { MessageTemplate } from '../../platform/messaging/templates.js';

const SAMPLE = {
  code: '000.31.01.H26-261123-0042',
  excerpt: 'Hồ sơ của tôi đã được chuyển sang phòng chuyên môn chưa? Khi nào tôi nhận được kết quả?',
  due: '15:00, Thứ Hai 30/11/2026',
  link: 'https://motcua.example.vn/ho-so/42',
};

export const QUESTION_TEMPLATES = [
  {
    key: 'question_due_soon',
    audience: 'staff',
    label: 'Nhắc trả lời câu hỏi của công dân',
    title: 'Câu hỏi của công dân về hồ sơ {code} sắp hết hạn trả lời',
    text: 'Công dân hỏi về hồ sơ {code}: “{excerpt}”. Câu hỏi chưa được trả lời; hạn trả lời: {due}. Trả lời tại: {link}',
    params: ['code', 'excerpt', 'due', 'link'],
    description: 'Gửi cán bộ được giao xử lý hồ sơ (chưa giao: các chuyên viên của đơn vị đang giữ hồ sơ) khi câu hỏi của công dân gần hết thời hạn trả lời mà chưa được trả lời; mỗi câu hỏi một lần.',
    sample: SAMPLE,
  },
  {
    key: 'question_overdue',
    audience: 'staff',
    label: 'Câu hỏi của công dân quá hạn trả lời',
    title: 'Câu hỏi của công dân về hồ sơ {code} đã quá hạn trả lời',
    text: 'Câu hỏi của công dân về hồ sơ {code}: “{excerpt}” đã quá hạn trả lời ({due}) mà chưa được trả lời. Xem hồ sơ: {link}',
    params: ['code', 'excerpt', 'due', 'link'],
    description: 'Gửi lãnh đạo đơn vị đang giữ hồ sơ và đơn vị giải quyết khi câu hỏi của công dân quá hạn trả lời mà chưa được trả lời; mỗi câu hỏi một lần.',
    sample: SAMPLE,
  },
] as const satisfies readonly MessageTemplate[];

export type QuestionTemplateKey = (typeof QUESTION_TEMPLATES)[number]['key'];
