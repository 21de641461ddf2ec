// Progressive enhancement for the national catalogue import page (admin): shows the hidden
// file input and copies the chosen JSON file's text into the textarea (and its name into the
// form), which is what the form sends. Without JavaScript the page works by pasting.
(function () {
  'use strict';
  var wrap = document.getElementById('json-file-field');
  var input = document.getElementById('json_file');
  var area = document.getElementById('json');
  var name = document.getElementById('ten_tep');
  var message = document.getElementById('json-file-message');
  if (!wrap || !input || !area || !name || !message || !window.FileReader) return;
  var limit = Number(wrap.getAttribute('data-max-bytes')) || 100000;
  wrap.hidden = false;
  input.addEventListener('change', function () {
    var file = input.files && input.files[0];
    if (!file) return;
    // URL-encoded, Vietnamese letters take 6–9 bytes: a third of the limit is a safe raw size.
    if (file.size > limit / 3) {
      message.textContent = 'Tệp ' + file.name + ' quá lớn để gửi một lần. Hãy chia danh sách thành nhiều tệp nhỏ hơn.';
      input.value = '';
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      var text;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(reader.result));
      } catch {
        message.textContent = 'Tệp ' + file.name + ' không được lưu với mã UTF-8. Hãy lưu lại tệp JSON với mã UTF-8 rồi chọn lại.';
        input.value = '';
        return;
      }
      area.value = text;
      name.value = file.name;
      message.textContent = 'Đã chép nội dung tệp ' + file.name + ' vào ô bên dưới. Bấm "Kiểm tra trước khi nhập".';
    };
    reader.onerror = function () {
      message.textContent = 'Không đọc được tệp ' + file.name + '. Hãy mở tệp, sao chép nội dung và dán vào ô bên dưới.';
    };
    reader.readAsArrayBuffer(file);
  });
})();
