/** The public list of procedures not available by post (Decision 45/2016 art. 13), in Vietnamese and English. */
import { catalogue } from '../../web/i18n/translator.js';

export const POST_MESSAGES_I18N = catalogue(
  {
    'post.notByPostTitle': 'Thủ tục không thực hiện qua dịch vụ bưu chính công ích',
    'post.notByPostLead':
      'Theo Quyết định số 45/2016/QĐ-TTg, Ông/Bà có thể gửi hồ sơ và nhận kết quả giải quyết thủ tục hành chính qua dịch vụ bưu chính công ích, trừ các thủ tục dưới đây (thủ tục yêu cầu người nộp phải có mặt trực tiếp, hoặc không tiếp nhận qua bưu chính). Các thủ tục này, Ông/Bà vui lòng đến nộp trực tiếp tại Bộ phận Một cửa.',
    'post.notByPostNone': 'Hiện không có thủ tục nào trong danh mục này.',
    'post.code': 'Mã thủ tục',
    'post.name': 'Tên thủ tục',
    'post.field': 'Lĩnh vực',
    'post.reason': 'Lý do',
    'post.reasonInPerson': 'Người nộp phải có mặt trực tiếp',
    'post.reasonNotByPost': 'Không tiếp nhận qua bưu chính',
  },
  {
    'post.notByPostTitle': 'Procedures not available through the public postal service',
    'post.notByPostLead':
      'Under Decision No. 45/2016/QD-TTg you may send a dossier and receive the result of an administrative procedure through the public postal service, except for the procedures below (those that require the applicant to come in person, or that are not received by post). For these, please file in person at the One-stop shop office.',
    'post.notByPostNone': 'There are no such procedures at present.',
    'post.code': 'Procedure code',
    'post.name': 'Procedure',
    'post.field': 'Field',
    'post.reason': 'Why',
    'post.reasonInPerson': 'The applicant must come in person',
    'post.reasonNotByPost': 'Not received by post',
  },
);
