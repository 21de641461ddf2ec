/** What the Zalo OA job's counters mean, in Vietnamese (the jobs page). */
export const ZALO_COUNTER_LABELS: Readonly<Record<string, string>> = {
  events_done: 'Tin nhắn Zalo đã xử lý',
  events_ignored: 'Tin Zalo bỏ qua (ảnh, nhãn dán, sự kiện không dùng)',
  events_retry: 'Tin Zalo xử lý lỗi, sẽ thử lại',
  events_failed: 'Tin Zalo xử lý thất bại hẳn',
  events_skipped: 'Tin Zalo máy khác đã nhận xử lý hoặc đang chờ tin trước của cùng người',
  token_refreshed: 'Đã làm mới mã truy cập Zalo OA',
  token_refresh_failed: 'Làm mới mã truy cập Zalo OA thất bại',
};
