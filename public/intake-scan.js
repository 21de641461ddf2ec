// Progressive enhancement for the intake form: a keyboard-wedge scanner types the CCCD's QR
// text (fields separated by "|") and Enter. Caught in the scan field, or as a QR-shaped burst
// typed into any field of the form, it fills ID number, name, date of birth, sex and address
// (empty fields only; what the clerk typed wins) and moves to the phone field. The server
// validates everything again; without JavaScript the form posts and comes back filled.
(function () {
  var scan = document.querySelector('[data-cccd-scan]');
  if (!scan) return;
  var form = scan.form;
  var status = document.getElementById('cccd_scan-status');
  // 12 digits, then at least five more "|"-separated fields, to the end of the value.
  var timer = null;
  var QR = /\d{12}\|[^|]*\|[^|]*\|[^|]*\|[^|]*\|[^|]*(?:\|[^|]*)*$/;

  function field(name) {
    return form.elements.namedItem(name);
  }
  function clean(s) {
    return s.normalize('NFC').replace(/\s+/g, ' ').trim();
  }
  function say(text, isError) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle('scan-status-error', !!isError);
  }

  // A scanner left in a code page without Vietnamese letters types "?" for each letter with a
  // diacritic ("L? V?n H?ng", "N?"); the card's name, sex and address never hold a "?"
  // otherwise. Nothing is filled: the scanner must be set to type Unicode. The same words as
  // the server's (src/domain/cccd.ts scannerUnicodeMessage), for a scan posted without JavaScript.
  function unicodeMessage(read) {
    return 'Máy quét gửi các chữ có dấu thành dấu “?” (đọc được: “' + read.slice(0, 60) + '”): máy quét chưa ở chế độ gõ Unicode nên không điền được họ tên, địa chỉ. ' +
      'Chuyển máy quét sang chế độ xuất Unicode (UTF-8): thường bằng cách quét mã vạch cấu hình “Unicode” hoặc “UTF-8” trong sách hướng dẫn của máy quét, ' +
      'hoặc đặt kiểu giả lập bàn phím sang “Alt + Unicode” nếu máy có tùy chọn này; rồi quét lại. Trong lúc chờ, nhập tay thông tin trên thẻ.';
  }

  // Reads the QR text; null when it is not a card (the server then says why).
  function read(text) {
    var f = text.normalize('NFC').trim().split('|').map(clean);
    if (f.length < 6 || !/^\d{12}$/.test(f[0]) || !f[2] || !/^\d{8}$/.test(f[3]) || !f[5]) return null;
    var broken = [f[2], f[4], f[5]].filter(function (x) { return x.indexOf('?') !== -1; });
    if (broken.length) return { broken: f[2].indexOf('?') !== -1 ? f[2] : broken[0] };
    var sex = f[4].normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    if (sex !== 'nam' && sex !== 'nu') return null;
    return {
      applicant_id_number: f[0],
      applicant_name: f[2],
      applicant_birth_date: f[3].slice(0, 2) + '/' + f[3].slice(2, 4) + '/' + f[3].slice(4),
      applicant_sex: sex === 'nam' ? 'male' : 'female',
      applicant_address: f[5],
    };
  }

  function fill(card) {
    clearTimeout(timer);
    if (card.broken) {
      say(unicodeMessage(card.broken), true);
      scan.focus(); // the next scan, once the scanner types Unicode, goes to the scan field
      return;
    }
    Object.keys(card).forEach(function (name) {
      var el = field(name);
      if (!el) return;
      if (name === 'applicant_sex') {
        var radios = form.querySelectorAll('input[name="applicant_sex"]');
        var any = Array.prototype.some.call(radios, function (r) { return r.checked; });
        if (!any) Array.prototype.forEach.call(radios, function (r) { r.checked = r.value === card[name]; });
        return;
      }
      if (clean(el.value) === '') el.value = card[name];
    });
    say('Đã điền thông tin từ thẻ CCCD. Kiểm tra lại, nhập số điện thoại rồi bấm “Tiếp tục”.');
    var phone = field('applicant_phone');
    if (phone) phone.focus();
  }

  // The scan field itself: Enter ends the scan.
  scan.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter') return;
    var card = read(scan.value);
    if (!card) return; // let the form post: the server explains what is wrong with the text
    e.preventDefault();
    scan.value = '';
    fill(card);
  });

  // A burst typed into another field (the scanner fired while the focus was elsewhere):
  // cut the QR text out of that field, keep what was there before it.
  function takeBurst(el) {
    var m = QR.exec(el.value);
    if (!m) return false;
    var card = read(m[0]);
    if (!card) return false;
    el.value = el.value.slice(0, m.index).replace(/\s+$/, '');
    fill(card);
    return true;
  }
  form.addEventListener('keydown', function (e) {
    var el = e.target;
    if (e.key !== 'Enter' || el === scan || !(el.tagName === 'INPUT' || el.tagName === 'TEXTAREA')) return;
    if (takeBurst(el)) e.preventDefault();
  });
  // A scanner set up without the Enter suffix: the burst is taken once typing pauses.
  form.addEventListener('input', function (e) {
    var el = e.target;
    if (!(el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') || el.value.indexOf('|') === -1) return;
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (el === scan) {
        var card = read(scan.value);
        if (card) {
          scan.value = '';
          fill(card);
        }
      } else {
        takeBurst(el);
      }
    }, 500);
  });
})();
