/** The post feature's messages (Decision 45/2016 art. 8(4)): registered in src/messaging.ts. */
import type { MessageTemplate } from '../../platform/messaging/templates.js';

export const POST_TEMPLATES = [
  {
    key: 'post_result_sent',
    audience: 'citizen',
    label: 'Báo đã gửi kết quả qua bưu chính',
    title: 'Kết quả hồ sơ {code} đã gửi qua bưu chính',
    text: 'Kính gửi Ông/Bà: kết quả hồ sơ {code} đã được giao cho {postal_unit} để chuyển phát đến địa chỉ Ông/Bà đã đăng ký{waybill_text}. Tra cứu: {status_url}',
    params: ['code', 'postal_unit', 'waybill_text', 'status_url'],
    defaults: { waybill_text: '' },
    description: 'Gửi công dân khi nhân viên bưu chính ký biên bản nhận kết quả để chuyển phát (Quyết định 45/2016/QĐ-TTg, Điều 8).',
    sample: { code: '000.31.01.H26-261123-0042', postal_unit: 'Bưu điện phường Trấn Biên', waybill_text: ', số hiệu bưu gửi EL123456789VN', status_url: 'https://motcua.example.vn/s/abc' },
  },
  {
    key: 'post_pickup_request',
    audience: 'staff',
    label: 'Đề nghị bưu chính đến nhận kết quả',
    title: 'Đề nghị nhận kết quả thủ tục hành chính để chuyển phát: {agency}',
    text: 'Kính gửi {postal_unit}: {agency} có {count} kết quả giải quyết thủ tục hành chính cần chuyển phát qua dịch vụ bưu chính công ích (mã hồ sơ: {codes}). Đề nghị cử nhân viên bưu chính đến nhận tại {address}.',
    params: ['postal_unit', 'agency', 'count', 'codes', 'address'],
    description: 'Gửi đơn vị bưu chính khi Bộ phận Một cửa bấm “Báo bưu chính đến nhận” trên biên bản giao kết quả (Quyết định 45/2016/QĐ-TTg, Điều 8).',
    sample: { postal_unit: 'Bưu điện phường Trấn Biên', agency: 'UBND phường Trấn Biên', count: '3', codes: '000.31.01.H26-261123-0042, 000.31.01.H26-261123-0043', address: '1 Nguyễn Ái Quốc, phường Trấn Biên' },
  },
] as const satisfies readonly MessageTemplate[];
