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
      var text = String(reader.result || '');
      if (new URLSearchParams({ csv: text }).toString().length > limit) return tooBig();
      area.value = text;
      message.textContent = 'Đã chép nội dung tệp ' + file.name + ' vào ô bên dưới. Bấm "Kiểm tra trước" hoặc "Nhập vào danh mục".';
    };
    reader.onerror = function () {
      message.textContent = 'Không đọc được tệp ' + file.name + '. Hãy mở tệp, sao chép nội dung và dán vào ô bên dưới.';
    };
    reader.readAsText(file, 'utf-8');
  });
})();
