/** The messages of online pre-submission (registered in src/messaging.ts). */
import type { MessageTemplate } from '../../platform/messaging/templates.js';

const SAMPLE = { code: 'TT-261210-7K3QXM', track_url: 'https://motcua.example.vn/nop-truc-tuyen/theo-doi/Xk3p9QbT2mZr7LwA4nVe8sYd' };

export const ONLINE_TEMPLATES = [
  {
    key: 'online_submitted',
    audience: 'citizen',
    label: 'Đã nhận đăng ký nộp hồ sơ trực tuyến',
    title: 'Mã đăng ký hồ sơ trực tuyến {code}',
    text: 'Kính gửi Ông/Bà: đã nhận đăng ký hồ sơ {procedure}, mã {code}. {next_step} trước {expires}. Theo dõi: {track_url}',
    params: ['code', 'procedure', 'next_step', 'expires', 'track_url'],
    description: 'Gửi công dân ngay khi nộp hồ sơ trực tuyến (trang web hoặc Cổng Dịch vụ công): mã đăng ký, hạn mang bản chính đến đối chiếu, đường dẫn theo dõi.',
    sample: { ...SAMPLE, procedure: 'Đăng ký khai sinh', next_step: 'Vui lòng mang bản chính đến UBND phường Trấn Biên để đối chiếu', expires: '23:59 ngày 22/01/2027' },
  },
  {
    key: 'online_expiring',
    audience: 'citizen',
    label: 'Đăng ký trực tuyến sắp hết hạn',
    title: 'Đăng ký hồ sơ {code} sắp hết hạn',
    text: 'Kính gửi Ông/Bà: đăng ký hồ sơ trực tuyến {code} sẽ hết hạn lúc {expires} nếu chưa được tiếp nhận. Theo dõi: {track_url}',
    params: ['code', 'expires', 'track_url'],
    description: 'Gửi công dân trước khi đăng ký hết hạn (ONLINE_EXPIRY_NOTICE_WORKING_DAYS ngày làm việc), nếu hồ sơ chưa được mang đến đối chiếu.',
    sample: { ...SAMPLE, expires: '23:59 ngày 22/01/2027' },
  },
  {
    key: 'online_expired',
    audience: 'citizen',
    label: 'Đăng ký trực tuyến đã hết hạn',
    title: 'Đăng ký hồ sơ {code} đã hết hạn',
    text: 'Kính gửi Ông/Bà: đăng ký hồ sơ trực tuyến {code} đã hết hạn do chưa được đối chiếu, tiếp nhận. Ông/Bà có thể nộp lại khi cần. Theo dõi: {track_url}',
    params: ['code', 'track_url'],
    description: 'Gửi công dân khi đăng ký hết hạn mà chưa được tiếp nhận.',
    sample: SAMPLE,
  },
  {
    key: 'online_refused',
    audience: 'citizen',
    label: 'Từ chối tiếp nhận hồ sơ trực tuyến',
    title: 'Hồ sơ đăng ký {code} không được tiếp nhận',
    text: 'Kính gửi Ông/Bà: hồ sơ đăng ký {code} không được tiếp nhận. Lý do: {reason}. Theo dõi: {track_url}',
    params: ['code', 'reason', 'track_url'],
    description: 'Gửi công dân khi Bộ phận Một cửa từ chối tiếp nhận hồ sơ nộp trực tuyến.',
    sample: { ...SAMPLE, reason: 'Thủ tục không thuộc thẩm quyền của phường.' },
  },
  {
    key: 'online_supplement',
    audience: 'citizen',
    label: 'Đề nghị bổ sung hồ sơ trực tuyến',
    title: 'Hồ sơ đăng ký {code} cần bổ sung',
    text: 'Kính gửi Ông/Bà: hồ sơ đăng ký {code} cần bổ sung, sửa đổi trước khi được tiếp nhận. Xem nội dung và gửi bổ sung tại: {track_url}',
    params: ['code', 'track_url'],
    description: 'Gửi công dân khi cán bộ yêu cầu bổ sung hồ sơ trực tuyến toàn trình trước khi tiếp nhận.',
    sample: SAMPLE,
  },
] as const satisfies readonly MessageTemplate[];
