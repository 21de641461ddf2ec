/** How each audit event reads, for staff and (when public) for the citizen. */
export const EVENT_LABELS: Record<string, string> = {
  received: 'Tiếp nhận hồ sơ tại Bộ phận Một cửa',
  receipt_printed: 'In giấy tiếp nhận hồ sơ và hẹn trả kết quả',
};

export function eventLabel(type: string): string {
  return EVENT_LABELS[type] ?? type;
}
