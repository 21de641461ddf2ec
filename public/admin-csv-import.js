// Progressive enhancement for the procedure CSV import page (admin): shows the hidden
// file input and copies the chosen file's text into the textarea, which is what the form
// sends. Without JavaScript the page works by pasting.
(function () {
  'use strict';
  var wrap = document.getElementById('csv-file-field');
  var input = document.getElementById('csv_file');
  var area = document.getElementById('csv');
  var message = document.getElementById('csv-file-message');
  if (!wrap || !input || !area || !message || !window.FileReader) return;
  // What the form sends is URL-encoded: Vietnamese letters take 6–9 bytes each there.
  var limit = Number(wrap.getAttribute('data-max-bytes')) || 100000;
  wrap.hidden = false;
  input.addEventListener('change', function () {
    var file = input.files && input.files[0];
    if (!file) return;
    var tooBig = function () {
      message.textContent = 'Tệp ' + file.name + ' quá lớn để gửi một lần. Hãy chia thành nhiều tệp nhỏ hơn (mỗi tệp giữ dòng tiêu đề) rồi nhập lần lượt.';
      input.value = '';
    };
    if (file.size > limit) return tooBig();
    var reader = new FileReader();
    reader.onload = function () {
      // Excel's plain "CSV" on a Vietnamese system is Windows-1258, not UTF-8: read the bytes
      // as UTF-8 strictly, and if they are not, convert them from Windows-1258 and say so.
      var bytes = new Uint8Array(reader.result);
      var text;
      var converted = false;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        try {
          text = new TextDecoder('windows-1258').decode(bytes).normalize('NFC');
          converted = true;
        } catch {
          message.textContent = 'Tệp ' + file.name + ' không được lưu với mã UTF-8. Trong Excel chọn Lưu thành, kiểu "CSV UTF-8 (Comma delimited)", rồi chọn lại tệp.';
          input.value = '';
          return;
        }
      }
      if (new URLSearchParams({ csv: text }).toString().length > limit) return tooBig();
      area.value = text;
      message.textContent = converted
        ? 'Tệp ' + file.name + ' được lưu với mã Windows-1258 (không phải UTF-8): đã chuyển sang UTF-8 và chép vào ô bên dưới. Bấm "Kiểm tra trước" và xem lại dấu tiếng Việt trong bảng.'
        : 'Đã chép nội dung tệp ' + file.name + ' vào ô bên dưới. Bấm "Kiểm tra trước" hoặc "Nhập vào danh mục".';
    };
    reader.onerror = function () {
      message.textContent = 'Không đọc được tệp ' + file.name + '. Hãy mở tệp, sao chép nội dung và dán vào ô bên dưới.';
    };
    reader.readAsArrayBuffer(file);
  });
})();
