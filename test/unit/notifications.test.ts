import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pino from 'pino';
import { MINUTE_MS, vnInstant } from '../../src/domain/time.js';
import { CITIZEN_TEMPLATE_KEYS, QUIET_EXEMPT_TEMPLATE_KEYS, STAFF_TEMPLATE_KEYS, SWITCHABLE_TEMPLATE_KEYS, TEMPLATE_KEYS, TEMPLATES, templates } from '../../src/messaging.js';
import { maskPersonalData, maskRecipient, toInternationalPhone } from '../../src/platform/messaging/channel.js';
import { outboxMessageId, senderDomain } from '../../src/platform/messaging/channels/email.js';
import { classifyZnsError } from '../../src/platform/messaging/channels/zns.js';
import { backoffMs, GIVE_UP_AFTER_MS, inQuietHours, nextMorning, quietHoursEnd, retryAfterFailure } from '../../src/platform/messaging/schedule.js';
import { placeholdersOf, render, smsLength, templateData, TemplateError } from '../../src/platform/messaging/templates.js';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { clip, collectInfo, contactOf, itemsLine, placeOf, resultTiming, STEP_TEMPLATES, timingText } from '../../src/features/notifications/citizen-notices.js';

const QUIET = [21 * 60, 7 * 60] as const;

describe('message templates', () => {
  test('every placeholder is a declared parameter and every parameter is used', () => {
    for (const key of TEMPLATE_KEYS) {
      const t = TEMPLATES[key];
      assert.equal(t.key, key);
      const used = new Set([...placeholdersOf(t.title), ...placeholdersOf(t.text)]);
      assert.deepEqual([...used].sort(), [...t.params].sort(), key);
      for (const p of Object.keys(t.defaults ?? {})) assert.ok(t.params.includes(p), `${key}: default for unknown ${p}`);
    }
  });

  test('the required templates exist, for the right audience', () => {
    // The dossier notices, then the Zalo OA's replies and answers, then the petitions' notices.
    const DOSSIER_NOTICES = ['apology', 'early_completion', 'overdue_notice', 'question_answered', 'receipt', 'refused', 'result_ready', 'supplement_request', 'voided', 'withdrawn'];
    const ZALO_REPLIES = ['zalo_catalogue_help', 'zalo_catalogue_matches', 'zalo_catalogue_none', 'zalo_catalogue_procedure', 'zalo_choose_dossier', 'zalo_dossier_finished', 'zalo_help', 'zalo_link_failed', 'zalo_link_too_many', 'zalo_linked', 'zalo_petition_link', 'zalo_question_received', 'zalo_text_only', 'zalo_too_many_messages', 'zalo_try_later'];
    const PETITION_NOTICES = [
      'petition_answered',
      'petition_answered_zalo',
      'petition_not_in_scope',
      'petition_not_in_scope_zalo',
      'petition_received',
      'petition_forwarded_external',
      'petition_forwarded_external_zalo',
      'petition_kept_for_study',
      'petition_kept_for_study_zalo',
      'petition_from_question',
      'petition_from_question_zalo',
    ];
    const ONLINE_NOTICES = ['online_expired', 'online_expiring', 'online_refused', 'online_submitted', 'online_supplement'];
    assert.deepEqual([...CITIZEN_TEMPLATE_KEYS].sort(), [...DOSSIER_NOTICES, 'question_answered_zalo', ...ZALO_REPLIES, ...PETITION_NOTICES, 'post_result_sent', 'survey_invitation', ...ONLINE_NOTICES].sort());
    // Only the survey's invitation is sealed: erased once sent, never listed for staff.
    assert.deepEqual([...templates.sealedKeys], ['survey_invitation']);
    // The early-completion template is no longer sent (result_ready says how early) and cannot be switched.
    assert.deepEqual([...SWITCHABLE_TEMPLATE_KEYS].sort(), [...CITIZEN_TEMPLATE_KEYS].filter((k) => k !== 'early_completion').sort());
    assert.deepEqual([...STAFF_TEMPLATE_KEYS].sort(), [
      'apology_draft',
      'apology_reminder',
      'due_soon',
      'escalation',
      'overdue',
      'petition_answer_overdue',
      'petition_answer_reminder',
      'petition_conduct',
      'petition_declined',
      'petition_draft_ready',
      'petition_draft_returned',
      'petition_escalated',
      'petition_forward_overdue',
      'petition_forward_reminder',
      'petition_forwarded',
      'petition_review_due',
      'post_pickup_request',
      'question_due_soon',
      'question_overdue',
    ]);
    // Chat replies to a follower who just wrote go out at once, even at night; nothing else citizens get does.
    assert.deepEqual(QUIET_EXEMPT_TEMPLATE_KEYS.filter((k) => !STAFF_TEMPLATE_KEYS.includes(k)).sort(), [...ZALO_REPLIES].sort());
    // The old reminder is no longer sent (the job drafts the apology and says so), kept for stored messages.
    assert.equal(TEMPLATES.apology_reminder.retired, true);
    assert.equal(TEMPLATES.apology_draft.audience, 'staff');
  });

  test('samples render completely, in NFC Vietnamese', () => {
    for (const key of TEMPLATE_KEYS) {
      const { title, text } = render(TEMPLATES[key], TEMPLATES[key].sample);
      assert.doesNotMatch(title + text, /[{}]/, key);
      assert.equal(text, text.normalize('NFC'));
      assert.ok(title.length > 0 && text.length > 0);
    }
  });

  test('a missing parameter fails clearly; defaults fill optional ones; values are not re-expanded', () => {
    const t = TEMPLATES.apology;
    assert.throws(() => render(t, { ...t.sample, reason: undefined }), (err: unknown) => err instanceof TemplateError && /apology/.test(err.message) && /reason/.test(err.message));
    assert.throws(() => render(t, { code: 'X' }), /thiếu tham số: old_due, reason, new_due, status_url/);
    const early = render(TEMPLATES.early_completion, { code: 'A-1', days_early: '3', due: '26/11/2026', status_url: 'http://x/s/1' });
    assert.match(early.text, /Mời Ông\/Bà mang Giấy tiếp nhận/);
    const tricky = render(TEMPLATES.result_ready, { code: '{status_url}', status_url: 'http://x/s/1', collect_info: 'Nhận qua bưu điện' });
    assert.match(tricky.text, /hồ sơ \{status_url\} đã có kết quả, sẵn sàng trả cho Ông\/Bà\. Nhận qua bưu điện\./);
    // NFD input comes out NFC.
    const nfd = render(TEMPLATES.apology, { ...TEMPLATES.apology.sample, reason: 'chờ xác minh'.normalize('NFD') });
    assert.ok(nfd.text.includes('chờ xác minh'.normalize('NFC')));
  });

  test('ZNS data: only the declared parameters, all strings', () => {
    const data = templateData(TEMPLATES.due_soon, { code: 'A', procedure: 'P', due: 'D', link: 'L', extra: 'x', n: 5 });
    assert.deepEqual(data, { code: 'A', procedure: 'P', due: 'D', link: 'L' });
  });

  test('SMS length: Vietnamese is Unicode, 70 per message, 67 per part', () => {
    assert.deepEqual(smsLength('a'.repeat(160)), { chars: 160, unicode: false, segments: 1 });
    assert.deepEqual(smsLength('a'.repeat(161)), { chars: 161, unicode: false, segments: 2 });
    assert.deepEqual(smsLength('ồ'.repeat(70)), { chars: 70, unicode: true, segments: 1 });
    assert.deepEqual(smsLength('ồ'.repeat(71)), { chars: 71, unicode: true, segments: 2 });
    assert.equal(smsLength('Hồ sơ đã có kết quả').unicode, true);
  });
});

describe('phones, addresses and masking', () => {
  test('Vietnamese numbers become 84…', () => {
    for (const p of ['0987654321', '0987 654 321', '0987.654.321', '+84 987 654 321', '84987654321']) assert.equal(toInternationalPhone(p), '84987654321', p);
    assert.equal(toInternationalPhone('02513822151'), '842513822151');
    for (const p of ['', '12345', '0087654321', 'abc', '+1 415 555 0100', '09876543']) assert.equal(toInternationalPhone(p), null, p);
  });

  test('a masked phone never shows any of its last four digits, the lookup secret (issue 11 #2)', () => {
    for (const phone of ['0964123765', '0964 123 765', '+84 964 123 765', '84964123765', '02513822765', '0987654321']) {
      const digits = phone.replace(/\D/g, '');
      const masked = maskRecipient(phone);
      assert.ok(masked.endsWith('****'), `${phone} → ${masked}`);
      const shown = masked.replace(/\D/g, '');
      assert.ok(shown.length <= digits.length - 4 && digits.startsWith(shown), `${phone} → ${masked}`);
      assert.ok(!masked.includes(digits.slice(-3)), `${phone} → ${masked}`);
      assert.ok(!maskPersonalData(`SMS to ${phone} failed`).includes(digits.slice(-4)), phone);
    }
    assert.equal(maskRecipient('0964123765'), '0964******');
    assert.equal(maskRecipient('12345'), '***');
    assert.equal(maskRecipient('thao.nguyen@example.vn'), 't***@example.vn');
  });

  test('recipients and error texts are masked for non-administrators', () => {
    assert.equal(maskRecipient('0987654321'), '0987******');
    assert.equal(maskRecipient('0987 654 321'), '0987******');
    assert.equal(maskRecipient('thao.nguyen@example.vn'), 't***@example.vn');
    const masked = maskPersonalData('SMTP: 550 5.1.1 <thao@example.vn>: Recipient address rejected; SMS to 0987654321 at 26/11/2026');
    assert.doesNotMatch(masked, /thao@|0987654321/);
    assert.match(masked, /t\*\*\*@example\.vn/);
    assert.match(masked, /0987\*{6}/);
    assert.match(masked, /550 5\.1\.1/);
    assert.match(masked, /26\/11\/2026/);
  });

  test('Message-ID carries the outbox id and the sender domain', () => {
    assert.equal(senderDomain('Bộ phận Một cửa <motcua@tranbien.example.vn>'), 'tranbien.example.vn');
    assert.equal(senderDomain('nonsense'), 'motcua.localhost');
    assert.equal(outboxMessageId(42, 'a@b.vn'), '<motcua-outbox-42@b.vn>');
  });
});

describe('when messages go out', () => {
  test('quiet hours wrap midnight, end exclusive', () => {
    assert.equal(inQuietHours(vnInstant('2026-11-23', '20:59'), QUIET), false);
    assert.equal(inQuietHours(vnInstant('2026-11-23', '21:00'), QUIET), true);
    assert.equal(inQuietHours(vnInstant('2026-11-24', '03:00'), QUIET), true);
    assert.equal(inQuietHours(vnInstant('2026-11-24', '07:00'), QUIET), false);
    assert.equal(inQuietHours(vnInstant('2026-11-24', '12:30'), [12 * 60, 13 * 60]), true);
    assert.equal(inQuietHours(vnInstant('2026-11-24', '13:00'), [12 * 60, 13 * 60]), false);
    assert.equal(inQuietHours(vnInstant('2026-11-24', '03:00'), [0, 0]), false);
  });

  test('quiet hours end: the next 07:00, the same night', () => {
    assert.equal(quietHoursEnd(vnInstant('2026-11-23', '22:00'), QUIET).getTime(), vnInstant('2026-11-24', '07:00').getTime());
    assert.equal(quietHoursEnd(vnInstant('2026-11-24', '03:00'), QUIET).getTime(), vnInstant('2026-11-24', '07:00').getTime());
    const noon = vnInstant('2026-11-24', '12:00');
    assert.equal(quietHoursEnd(noon, QUIET).getTime(), noon.getTime());
  });

  test('ZNS night: the next 06:00, or the end of quiet hours when later', () => {
    assert.equal(nextMorning(vnInstant('2026-11-23', '22:30'), [23 * 60, 5 * 60]).getTime(), vnInstant('2026-11-24', '06:00').getTime());
    assert.equal(nextMorning(vnInstant('2026-11-24', '05:00'), [23 * 60, 5 * 60]).getTime(), vnInstant('2026-11-24', '06:00').getTime());
    assert.equal(nextMorning(vnInstant('2026-11-23', '22:30'), QUIET).getTime(), vnInstant('2026-11-24', '07:00').getTime());
    assert.equal(nextMorning(vnInstant('2026-11-24', '06:00'), [0, 0]).getTime(), vnInstant('2026-11-25', '06:00').getTime());
  });

  test('back-off: 1, 5, 15, 30 min, 1, 2, 4 h, then 4 h', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => backoffMs(n) / MINUTE_MS), [1, 5, 15, 30, 60, 120, 240, 240, 240]);
  });

  test('retries stop 24 hours after creation; the last try lands on the deadline', () => {
    const created = vnInstant('2026-11-23', '09:00');
    const deadline = created.getTime() + GIVE_UP_AFTER_MS;
    assert.deepEqual(retryAfterFailure({ now: new Date(created.getTime() + MINUTE_MS), createdAt: created, attempts: 1 }), { retry: true, at: new Date(created.getTime() + 2 * MINUTE_MS) });
    assert.deepEqual(retryAfterFailure({ now: new Date(deadline - 60 * MINUTE_MS), createdAt: created, attempts: 9 }), { retry: true, at: new Date(deadline) });
    assert.deepEqual(retryAfterFailure({ now: new Date(deadline), createdAt: created, attempts: 10 }), { retry: false });
    const later = new Date(created.getTime() + 3 * 60 * MINUTE_MS);
    assert.deepEqual(retryAfterFailure({ now: created, createdAt: created, attempts: 1, notBefore: later }), { retry: true, at: later });
  });
});

describe('ZNS error codes', () => {
  const ctx = { now: vnInstant('2026-11-23', '10:00'), quietHours: QUIET, logger: pino({ level: 'silent' }), messageId: 1 };
  test('each code gets its handling', () => {
    for (const code of [-108, -118, -119, -139, -141]) assert.equal(classifyZnsError(code, 'x', ctx).kind, 'fallback_sms', String(code));
    for (const code of [-131, -109, -100, -1, -999]) assert.equal(classifyZnsError(code, 'x', ctx).kind, 'permanent', String(code));
    assert.equal(classifyZnsError(-124, 'x', ctx).kind, 'temporary');
    assert.equal(classifyZnsError(-124, 'x', ctx).retryAt, undefined);
    const night = classifyZnsError(-133, 'x', { ...ctx, now: vnInstant('2026-11-23', '23:00') });
    assert.equal(night.kind, 'reschedule');
    assert.equal(night.retryAt?.getTime(), vnInstant('2026-11-24', '07:00').getTime());
    assert.equal(classifyZnsError(-115, 'x', ctx).retryAt?.getTime(), ctx.now.getTime() + 60 * MINUTE_MS);
    for (const code of [-144, -147]) {
      const r = classifyZnsError(code, 'x', ctx);
      assert.equal(r.kind, 'temporary');
      assert.equal(r.retryAt?.getTime(), vnInstant('2026-11-24', '07:00').getTime());
    }
    assert.match(classifyZnsError(-108, 'Invalid phone', ctx).error, /^ZNS -108: Invalid phone \(số điện thoại không hợp lệ\)$/);
  });
});

describe('citizen notices (pure parts)', () => {
  const cal = new WorkingCalendar([{ date: '2026-11-25', kind: 'holiday', name: 'Ngày thử' }]);

  test('days early count working days from the day marked ready to the appointment day; same day is on time; later is late', () => {
    const due = vnInstant('2026-11-27', '09:00'); // Friday; Wednesday 25 is a holiday here
    assert.deepEqual(resultTiming(cal, vnInstant('2026-11-23', '16:00'), due), { kind: 'early', daysEarly: 3 }); // Tue, Thu, Fri
    assert.deepEqual(resultTiming(cal, vnInstant('2026-11-26', '17:00'), due), { kind: 'early', daysEarly: 1 });
    // Saturday → Monday appointment: one working day early, never zero.
    assert.deepEqual(resultTiming(cal, vnInstant('2026-11-28', '09:00'), vnInstant('2026-11-30', '09:00')), { kind: 'early', daysEarly: 1 });
    assert.deepEqual(resultTiming(cal, vnInstant('2026-11-27', '16:59'), due), { kind: 'on_time' });
    assert.deepEqual(resultTiming(cal, vnInstant('2026-11-30', '08:00'), due), { kind: 'late' });
    assert.equal(timingText({ kind: 'early', daysEarly: 3 }, due), 'sớm 3 ngày làm việc so với ngày hẹn 27/11/2026');
    assert.equal(timingText({ kind: 'on_time' }, due), 'đúng ngày hẹn 27/11/2026');
  });

  test('supplement items go on one line without list marks; long text is clipped with an ellipsis', () => {
    assert.equal(itemsLine('1. Bản sao CCCD\r\n- Giấy ủy quyền\n\n• Ảnh 3x4'), 'Bản sao CCCD; Giấy ủy quyền; Ảnh 3x4');
    assert.equal(clip('Đăng ký   thành lập', 100), 'Đăng ký thành lập');
    const long = clip('ấ'.repeat(200), 80);
    assert.equal(Array.from(long).length, 80);
    assert.ok(long.endsWith('…'));
  });

  test('how to collect follows the registered delivery; place and contact fall back to the agency name', () => {
    const a = { name: 'UBND phường Trấn Biên', address: '', hotline: '' };
    assert.equal(placeOf(a), 'UBND phường Trấn Biên');
    assert.equal(contactOf({ ...a, hotline: '0251 3822 123' }), 'UBND phường Trấn Biên, điện thoại 0251 3822 123');
    assert.match(collectInfo('counter', 'X'), /mang Giấy tiếp nhận đến X nhận kết quả/);
    assert.match(collectInfo('post', 'X'), /bưu chính/);
    assert.match(collectInfo('online', 'X'), /bản điện tử/);
  });

  test('every step has a citizen template still sent, and each sample stays within five SMS parts (335 Unicode characters)', () => {
    for (const [step, key] of Object.entries(STEP_TEMPLATES)) {
      assert.ok((SWITCHABLE_TEMPLATE_KEYS as readonly string[]).includes(key), `${step} → ${key}`);
      assert.equal(TEMPLATES[key].audience, 'citizen');
      const sms = smsLength(render(TEMPLATES[key], TEMPLATES[key].sample).text);
      assert.ok(sms.segments <= 5, `${key}: ${sms.chars} characters, ${sms.segments} parts`);
    }
  });
});

describe('the 2025 apology and stop-notice wording', () => {
  test('the draft alert tells the staff the proposed date, the last day to issue and where the draft is', () => {
    const { title, text } = render(TEMPLATES.apology_draft, TEMPLATES.apology_draft.sample);
    assert.equal(title, 'Hồ sơ 000.31.01.H26-261123-0042: dự thảo Phiếu xin lỗi chờ lãnh đạo ký');
    assert.match(text, /đề xuất hẹn lại 10:00, Thứ Ba 08\/12\/2026/);
    assert.match(text, /lãnh đạo ký phát hành chậm nhất ngày 30\/11\/2026/);
    assert.match(text, /Dự thảo: https:\/\/motcua\.example\.vn\/phieu-xin-loi-cho-ky\/42$/);
    assert.throws(() => render(TEMPLATES.apology_draft, { ...TEMPLATES.apology_draft.sample, deadline: '' }), /deadline/);
  });

  test('the withdrawal message is the stop notice', () => {
    const { title, text } = render(TEMPLATES.withdrawn, { code: 'A-1', reason: 'công dân đề nghị rút', status_url: 'http://x/s/1' });
    assert.equal(title, 'Thông báo dừng giải quyết hồ sơ A-1');
    assert.equal(text, 'Thông báo dừng giải quyết hồ sơ A-1: theo đề nghị rút hồ sơ của Ông/Bà, cơ quan đã dừng giải quyết. Lý do: công dân đề nghị rút. Chi tiết: http://x/s/1');
  });
});
