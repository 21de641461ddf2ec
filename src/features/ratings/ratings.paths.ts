/** The ratings' URLs: the citizen's form on the status page and the supervisors' page. */
export const ratingPaths = {
  submit: (token: string) => `/s/${token}/danh-gia`,
  list: '/danh-gia',
} as const;
