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
    act: (id: number) => `/ho-so/${id}/thao-tac`,
    supplementForm: (id: number) => `/ho-so/${id}/phieu-yeu-cau-bo-sung.pdf`,
    refusalForm: (id: number) => `/ho-so/${id}/phieu-tu-choi.pdf`,
    controlSheet: (id: number) => `/ho-so/${id}/phieu-kiem-soat.pdf`,
    apology: (id: number) => `/ho-so/${id}/xin-loi`,
    apologyForm: (id: number) => `/ho-so/${id}/phieu-xin-loi.pdf`,
  },
  queue: '/hang-doi',
  admin: {
    home: '/quan-tri',
    users: '/quan-tri/can-bo',
    user: (id: number) => `/quan-tri/can-bo/${id}`,
    agencies: '/quan-tri/co-quan',
    agency: (id: number) => `/quan-tri/co-quan/${id}`,
    procedures: '/quan-tri/thu-tuc',
    procedure: (id: number) => `/quan-tri/thu-tuc/${id}`,
    procedureImport: '/quan-tri/thu-tuc/nhap-csv',
    holidays: '/quan-tri/lich-nghi',
    holiday: (date: string) => `/quan-tri/lich-nghi/${date}`,
    jobs: '/quan-tri/tac-vu',
  },
  publicStatus: {
    page: (token: string) => `/s/${token}`,
    json: (token: string) => `/s/${token}.json`,
    apologyForm: (token: string) => `/s/${token}/phieu-xin-loi.pdf`,
    lookup: '/tra-cuu',
  },
  static: (file: string) => `/static/${file}`,
} as const;

export function absoluteUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}
