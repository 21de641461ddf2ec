/** The notification pages' URLs (staff only). */
export const notificationPaths = {
  list: '/thong-bao',
  templates: '/thong-bao/mau',
} as const;
