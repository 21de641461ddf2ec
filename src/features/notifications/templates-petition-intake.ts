/** Message templates of filing a petition (the acknowledgement; merged into TEMPLATES by templates.ts). */
import type { MessageTemplate } from './templates.js';

export const PETITION_INTAKE_TEMPLATES = [
  {
    key: 'petition_received',
    audience: 'citizen',
    label: 'Xác nhận đã nhận phản ánh, kiến nghị',
    title: 'Đã tiếp nhận phản ánh, kiến nghị {code}',
    text: 'Đã tiếp nhận phản ánh, kiến nghị {code} của Ông/Bà. Sẽ xử lý hoặc chuyển cơ quan có thẩm quyền trước {forward_due}. Theo dõi: {status_url}',
    params: ['code', 'forward_due', 'status_url'],
    description: 'Gửi người phản ánh ngay khi gửi phản ánh, kiến nghị trên trang công khai (điện thoại: ZNS hoặc SMS; thư điện tử nếu có), một lần cho mỗi phản ánh.',
    sample: { code: 'PAKN-261201-0007', forward_due: '17:00, Thứ Ba 08/12/2026', status_url: 'https://motcua.example.vn/phan-anh-kien-nghi/theo-doi/Xk3p9QbT2mZr7LwA4nVe8sYd' },
  },
] as const satisfies readonly MessageTemplate[];
