/** The citizen's front page (visitors of `/`), in Vietnamese and English. */
import { catalogue } from '../../web/i18n/translator.js';

export const HOME_MESSAGES = catalogue(
  {
    'home.title': 'Tra cứu hồ sơ hành chính',
    'home.lead': 'Ông/Bà đã nộp hồ sơ tại Bộ phận Một cửa? Xem hồ sơ đang ở bước nào và ngày hẹn trả kết quả.',
    'home.lookupTitle': 'Tra cứu bằng mã hồ sơ và số điện thoại',
    'home.qr': 'Hoặc quét mã QR in trên giấy tiếp nhận bằng điện thoại.',
    'home.hotlines': 'Đường dây nóng',
    'home.noHotline': 'Vui lòng liên hệ Bộ phận Một cửa nơi Ông/Bà đã nộp hồ sơ (số điện thoại in trên giấy tiếp nhận).',
    'home.phone': 'Điện thoại:',
    'home.petitionQuestion': 'Ông/Bà có ý kiến về quy định hoặc việc giải quyết thủ tục hành chính?',
    'home.petitionSend': 'Gửi phản ánh, kiến nghị',
    'home.petitionPublished': 'Xem các phản ánh, kiến nghị đã trả lời',
    'home.staffLogin': 'Cán bộ, công chức: {link}.',
    'home.staffLoginLink': 'đăng nhập hệ thống',
  },
  {
    'home.title': 'Administrative dossier lookup',
    'home.lead': 'Have you filed a dossier at the One-stop shop office? See which step it is at and when the result is due.',
    'home.lookupTitle': 'Look up with the dossier code and your phone number',
    'home.qr': 'Or scan the QR code printed on your receipt with your phone.',
    'home.hotlines': 'Hotlines',
    'home.noHotline': 'Please contact the One-stop shop office where you filed (the phone number is printed on your receipt).',
    'home.phone': 'Phone:',
    'home.petitionQuestion': 'Do you have feedback on a regulation or on how an administrative procedure was handled?',
    'home.petitionSend': 'Send feedback or a petition',
    'home.petitionPublished': 'See the answered feedback and petitions',
    'home.staffLogin': 'Officials: {link}.',
    'home.staffLoginLink': 'sign in',
  },
);
