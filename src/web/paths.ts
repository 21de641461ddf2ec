/** Every URL the application builds, in one place. */
export const paths = {
  home: '/',
  healthz: '/healthz',
  login: '/dang-nhap',
  logout: '/dang-xuat',
  intake: {
    start: '/tiep-nhan',
    form: (procedureCode: string) => `/tiep-nhan/${encodeURIComponent(procedureCode)}`,
    check: (procedureCode: string) => `/tiep-nhan/${encodeURIComponent(procedureCode)}/kiem-tra`,
    confirm: (procedureCode: string) => `/tiep-nhan/${encodeURIComponent(procedureCode)}/xac-nhan`,
  },
  dossiers: {
    list: '/ho-so',
    show: (id: number) => `/ho-so/${id}`,
    confirmation: (id: number) => `/ho-so/${id}/da-tiep-nhan`,
    receipt: (id: number) => `/ho-so/${id}/giay-tiep-nhan.pdf`,
  },
  publicStatus: {
    page: (token: string) => `/s/${token}`,
    json: (token: string) => `/s/${token}.json`,
    lookup: '/tra-cuu',
  },
  static: (file: string) => `/static/${file}`,
} as const;

export function absoluteUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}
