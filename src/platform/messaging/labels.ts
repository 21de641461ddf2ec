/** How channels and delivery statuses are called on screen. */
import type { Channel, DeliveryStatus } from './message.js';

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  created: 'Đã tạo',
  sending: 'Đang gửi',
  delivered: 'Đã gửi',
  'temporary-failure': 'Lỗi tạm thời',
  'permanent-failure': 'Lỗi vĩnh viễn',
};

export const CHANNEL_LABELS: Record<Channel, string> = {
  zns: 'Zalo (ZNS)',
  sms: 'SMS',
  email: 'Thư điện tử',
  zalo_cs: 'Zalo OA (tin tư vấn)',
};

export function deliveryStatusLabel(status: string): string {
  return DELIVERY_STATUS_LABELS[status as DeliveryStatus] ?? status;
}

export function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel as Channel] ?? channel;
}
