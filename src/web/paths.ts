/**
 * Every URL the application serves and builds, in one place. An entry with parameters is
 * a link builder that also carries its Express route pattern (`paths.dossiers.show(7)` is
 * a link, `paths.dossiers.show.pattern` is what the router mounts), so the two can never
 * drift apart. An entry without parameters is a plain string, both link and pattern.
 * Views receive this object as `paths`; no view or module writes a URL by hand.
 */

type Param = string | number;

/** A link builder for `pattern`, whose `:name` segments are filled in order, URL-encoded. */
export type Route<A extends Param[]> = ((...args: A) => string) & { readonly pattern: string };

export function route<A extends Param[]>(pattern: string): Route<A> {
  const parts = pattern.split(/(:[A-Za-z_]+)/);
  const build = (...args: A): string => {
    let i = 0;
    return parts.map((p) => (p.startsWith(':') ? encodeURIComponent(String(args[i++])) : p)).join('');
  };
  return Object.assign(build, { pattern });
}

type Id = [id: number];
type Token = [token: string];

const admin = {
  home: '/quan-tri',
  users: '/quan-tri/can-bo',
  newUser: '/quan-tri/can-bo/moi',
  user: route<Id>('/quan-tri/can-bo/:id'),
  userDeactivate: route<Id>('/quan-tri/can-bo/:id/vo-hieu-hoa'),
  userReactivate: route<Id>('/quan-tri/can-bo/:id/kich-hoat'),
  userPassword: route<Id>('/quan-tri/can-bo/:id/dat-lai-mat-khau'),
  agencies: '/quan-tri/co-quan',
  newAgency: '/quan-tri/co-quan/moi',
  agency: route<Id>('/quan-tri/co-quan/:id'),
  procedures: '/quan-tri/thu-tuc',
  newProcedure: '/quan-tri/thu-tuc/moi',
  procedureImport: '/quan-tri/thu-tuc/nhap-csv',
  /** What one committed import did (the page the import form redirects to). */
  procedureImportDone: route<Id>('/quan-tri/thu-tuc/nhap-csv/:id'),
  /** The import from the National Database of Administrative Procedures: upload a file (POST) or fetch (nationalImportFetch). */
  nationalImport: '/quan-tri/thu-tuc/nhap-quoc-gia',
  /** POST: fetch one procedure (LayThuTuc) or the list (LayDanhSachTTHC) from the configured URL. */
  nationalImportFetch: '/quan-tri/thu-tuc/nhap-quoc-gia/lay-du-lieu',
  /** One import: its plan and confirmation while staged (?trang=), what it did once applied. */
  nationalImportStaged: route<Id>('/quan-tri/thu-tuc/nhap-quoc-gia/:id'),
  /** POST: apply a staged import (the plan's key, the effective date). */
  nationalImportApply: route<Id>('/quan-tri/thu-tuc/nhap-quoc-gia/:id/ap-dung'),
  procedure: route<Id>('/quan-tri/thu-tuc/:id'),
  /** One version of a procedure, its record rendered. */
  procedureVersion: route<[id: number, version: number]>('/quan-tri/thu-tuc/:id/phien-ban/:version'),
  holidays: '/quan-tri/lich-nghi',
  holidaysOfYear: (year: number) => `/quan-tri/lich-nghi?nam=${year}`,
  newHoliday: '/quan-tri/lich-nghi/moi',
  holiday: route<[date: string]>('/quan-tri/lich-nghi/:date'),
  holidayDelete: route<[date: string]>('/quan-tri/lich-nghi/:date/xoa'),
  holidayConfirm: route<[date: string]>('/quan-tri/lich-nghi/:date/xac-nhan'),
  /** What one change to the calendar did (the page its form redirects to). */
  holidayChange: route<Id>('/quan-tri/lich-nghi/thay-doi/:id'),
  jobs: '/quan-tri/tac-vu',
  /** POST: run one job now (admin), under the same lease as the scheduler. */
  jobRun: route<[job: string]>('/quan-tri/tac-vu/:job/chay-ngay'),
  /** The jobs page after "Chạy ngay", with the outcome of the run it started. */
  jobRunDone: (runId: number) => `/quan-tri/tac-vu?chay=${runId}`,
  /** The national portal (DVCQG) sync: mode, backlog, held and failed rows (?loai=, ?trang=). */
  portal: '/quan-tri/cong-dvcqg',
  /** The sync page listing one kind of rows (failed | agency_unmapped | procedure_unmapped), at a page. */
  portalList: (kind: string, page = 1) => `/quan-tri/cong-dvcqg?loai=${encodeURIComponent(kind)}${page > 1 ? `&trang=${page}` : ''}#danh-sach`,
  /** The sync page after "Gửi lại", with how many rows went back to the queue. */
  portalResent: (count: number) => `/quan-tri/cong-dvcqg?da_gui_lai=${count}`,
  /** POST: one held or failed sync row back to the queue ("Gửi lại"). */
  portalResend: route<Id>('/quan-tri/cong-dvcqg/gui-lai/:id'),
  /** POST: every held row of a reason, or every failed row, back to the queue ("Gửi lại tất cả"). */
  portalResendAll: route<[kind: string]>('/quan-tri/cong-dvcqg/gui-lai-tat-ca/:kind'),
  /** GET: motcua's statuses and the portal's codes; POST: save them. */
  portalStatusMap: '/quan-tri/cong-dvcqg/trang-thai',
  /** The status map after a save, with its banner. */
  portalStatusMapSaved: '/quan-tri/cong-dvcqg/trang-thai?ok=1',
  /** Keys of the integration API (/api/v1): the list, a new key, one key (shown once after creation), revoke. */
  apiKeys: '/quan-tri/khoa-api',
  newApiKey: '/quan-tri/khoa-api/moi',
  apiKey: route<Id>('/quan-tri/khoa-api/:id'),
  apiKeyRevoke: route<Id>('/quan-tri/khoa-api/:id/thu-hoi'),
  /** The satisfaction survey's settings: the period, sample sizes per agency, the days a link stays open. GET; POST: save. */
  surveySettings: '/quan-tri/khao-sat-hai-long',
  surveySettingsSaved: '/quan-tri/khao-sat-hai-long?da_luu=1',
} as const;

export const paths = {
  /** A signed-in member of staff's home page for their role; a visitor's citizen front page. */
  home: '/',
  healthz: '/healthz',
  login: '/dang-nhap',
  logout: '/dang-xuat',
  intake: {
    start: '/tiep-nhan',
    form: route<[procedureCode: string]>('/tiep-nhan/:code'),
    check: route<[procedureCode: string]>('/tiep-nhan/:code/kiem-tra'),
    confirm: route<[procedureCode: string]>('/tiep-nhan/:code/xac-nhan'),
    /** Before receipt: guide the citizen to complete the dossier (Mẫu 02, recorded, no dossier). GET: form; POST: prefill or issue. */
    guidance: route<[procedureCode: string]>('/tiep-nhan/:code/huong-dan-bo-sung'),
    /** Before receipt: refuse to receive (Mẫu 03, recorded, no dossier). GET: form; POST: prefill or issue. */
    refuse: route<[procedureCode: string]>('/tiep-nhan/:code/tu-choi-tiep-nhan'),
    /** The confirmation page of a counter guidance (its form number, the reprint link): where issuing it redirects. */
    guidanceDone: route<Id>('/tiep-nhan/huong-dan/:id'),
    /** The confirmation page of a counter refusal. */
    refusalDone: route<Id>('/tiep-nhan/tu-choi/:id'),
    /** The PDF of a counter guidance (print and reprint). */
    guidancePdf: route<Id>('/tiep-nhan/huong-dan/:id/phieu-huong-dan.pdf'),
    /** The PDF of a counter refusal (print and reprint). */
    refusalPdf: route<Id>('/tiep-nhan/tu-choi/:id/phieu-tu-choi.pdf'),
  },
  dossiers: {
    list: '/ho-so',
    show: route<Id>('/ho-so/:id'),
    confirmation: route<Id>('/ho-so/:id/da-tiep-nhan'),
    /** The confirmation page of a dossier whose intake form was sent again (notice "Hồ sơ này đã được tiếp nhận"). */
    confirmationAgain: (id: number) => `/ho-so/${id}/da-tiep-nhan?lai=1`,
    receipt: route<Id>('/ho-so/:id/giay-tiep-nhan.pdf'),
    printReceipt: route<Id>('/ho-so/:id/in-giay-tiep-nhan'),
    act: route<Id>('/ho-so/:id/thao-tac'),
    supplementForm: route<Id>('/ho-so/:id/phieu-yeu-cau-bo-sung.pdf'),
    refusalForm: route<Id>('/ho-so/:id/phieu-tu-choi.pdf'),
    controlSheet: route<Id>('/ho-so/:id/phieu-kiem-soat.pdf'),
    /** The stop notice of a withdrawn dossier (Thông báo dừng giải quyết hồ sơ). */
    stopNotice: route<Id>('/ho-so/:id/thong-bao-dung-giai-quyet.pdf'),
    apology: route<Id>('/ho-so/:id/xin-loi'),
    apologyForm: route<Id>('/ho-so/:id/phieu-xin-loi.pdf'),
    /** The dossier page after an action, with its success banner (`done` is the action key). */
    done: (id: number, done: string) => `/ho-so/${id}?xong=${encodeURIComponent(done)}`,
    /** POST: today's (or the selected) receipts as one PDF; each print is recorded. */
    batchReceipts: '/ho-so/in-giay-tiep-nhan',
    /** GET: receipts as last printed, one PDF (what a batch print redirects to; records nothing). */
    printedReceiptsPdf: '/ho-so/in-giay-tiep-nhan/da-in.pdf',
    printedReceipts: (ids: readonly number[]) => `/ho-so/in-giay-tiep-nhan/da-in.pdf?ids=${ids.join(',')}`,
  },
  /** A dossier's files (src/features/dossier-files): scans of its documents, its electronic result, the fees paid. */
  dossierFiles: {
    /** POST (multipart): the signed result file. */
    result: route<Id>('/ho-so/:id/ket-qua-dien-tu'),
    /** POST (multipart): scans of the dossier's documents. */
    scans: route<Id>('/ho-so/:id/ban-chup-giay-to'),
    /** POST: the citizen paid the fees (the result may then be downloaded). */
    feePaid: route<Id>('/ho-so/:id/da-nop-phi'),
    /** GET: one file of the dossier, for staff who may see it. */
    file: route<[id: number, fileId: number]>('/ho-so/:id/tep/:fileId'),
    /** POST: take a file off the dossier. */
    remove: route<[id: number, fileId: number]>('/ho-so/:id/tep/:fileId/go-bo'),
  },
  queue: '/hang-doi',
  /** The officer's queue widened to the whole agency. */
  queueOfAgency: '/hang-doi?xem=don-vi',
  /** The queue filtered to one tag (waiting | on_track | due_soon | overdue | paused); `agency` widens it. */
  queueTagged: (tag: string, agency = false) => `/hang-doi?${agency ? 'xem=don-vi&' : ''}nhan=${encodeURIComponent(tag)}`,
  admin,
  reports: {
    index: '/bao-cao',
    show: route<[slug: string]>('/bao-cao/:report'),
    /** A report with its query (period, filters, `dinh_dang` for an export); empty values left out. */
    showWith: (slug: string, query: Record<string, string | undefined>) => {
      const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')).toString();
      return `/bao-cao/${encodeURIComponent(slug)}${q ? `?${q}` : ''}`;
    },
  },
  /** Officers judged by month, quarter and year (an officer: their own page; ?dinh_dang= exports). */
  officerPeriod: '/danh-gia-can-bo',
  /** Decision 766/QĐ-TTg's scorecard (period query as the reports'), and the administrator's entry of the portal's published scores. */
  scorecard: {
    show: '/bang-diem-766',
    showWith: (query: Record<string, string | undefined>) => {
      const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')).toString();
      return `/bang-diem-766${q ? `?${q}` : ''}`;
    },
    portal: '/quan-tri/bang-diem-766',
    portalSaved: '/quan-tri/bang-diem-766?ok=1',
  },
  ratings: {
    submit: route<Token>('/s/:token/danh-gia'),
    list: '/danh-gia',
    /** Unsatisfied ratings not yet followed up (the supervisor's to-do). */
    toFollowUp: '/danh-gia?muc=khong_hai_long&theo_doi=chua',
    /** POST: mark an unsatisfied rating followed up, with a note. */
    followUp: route<Id>('/danh-gia/:id/theo-doi'),
    /** The to-do list again after a follow-up, with its success banner. */
    followedUp: (ratingId: number) => `/danh-gia?muc=khong_hai_long&theo_doi=chua&da_theo_doi=${ratingId}`,
  },
  /** Apologies the head signs: the list of drafts, one dossier's draft (`:id` is the dossier id). */
  apologies: {
    drafts: '/phieu-xin-loi-cho-ky',
    /** GET: the draft form; POST: save it (officer, head) or issue it (the head). */
    draft: route<Id>('/phieu-xin-loi-cho-ky/:id'),
    /** The list again after a draft was saved, with its success banner. */
    draftSaved: (dossierId: number) => `/phieu-xin-loi-cho-ky?da_luu=${dossierId}`,
  },
  notifications: {
    list: '/thong-bao',
    templates: '/thong-bao/mau',
    /** POST: switch one citizen template on or off (admin). */
    templateSwitch: route<[key: string]>('/thong-bao/mau/:key/bat-tat'),
    /** The templates page after a switch, with its success banner. */
    templateSwitched: (key: string, on: boolean) => `/thong-bao/mau?${on ? 'da_bat' : 'da_tat'}=${encodeURIComponent(key)}#mau-${encodeURIComponent(key)}`,
    /** The outbox list filtered by delivery status. */
    ofStatus: (status: string) => `/thong-bao?trang_thai=${encodeURIComponent(status)}`,
  },
  publicStatus: {
    page: route<Token>('/s/:token'),
    json: (token: string) => `/s/${encodeURIComponent(token)}.json`,
    apologyForm: route<Token>('/s/:token/phieu-xin-loi.pdf'),
    lookup: '/tra-cuu',
    /** POST: the citizen asks the office a question (under the timeline). */
    ask: route<Token>('/s/:token/cau-hoi'),
    /** The electronic result, downloaded by the citizen (the token is the key; logs show `/s/:token/…`). */
    result: route<Token>('/s/:token/ket-qua.pdf'),
    /** POST: the sender of a question turned into a petition says whether they may be named in its published answer (art. 19). */
    petitionConsent: route<[token: string, questionId: number]>('/s/:token/cau-hoi/:id/neu-ten'),
  },
  /**
   * The public procedure catalogue (issue 23): the search (?q=, ?linh_vuc=, ?co_quan=,
   * ?truc_tuyen=1, ?trang=), a procedure's page, the same as JSON, its checklist as a PDF.
   */
  catalogue: {
    search: '/thu-tuc',
    /** The search with its query; empty values left out. */
    searchWith: (query: Record<string, string | number | undefined | null>) => {
      const q = new URLSearchParams(Object.entries(query).flatMap(([k, v]): Array<[string, string]> => (v === undefined || v === null || v === '' ? [] : [[k, String(v)]]))).toString();
      return q ? `/thu-tuc?${q}` : '/thu-tuc';
    },
    procedure: route<[code: string]>('/thu-tuc/:code'),
    json: (code: string) => `/thu-tuc/${encodeURIComponent(code)}.json`,
    checklist: route<[code: string]>('/thu-tuc/:code/giay-to-can-mang.pdf'),
  },
  /** Citizens' questions: the staff inbox, and the answer (or internal note) to one question. */
  questions: {
    inbox: '/cau-hoi',
    answer: route<Id>('/cau-hoi/:id/tra-loi'),
    /** POST: turn the question into a petition ("Chuyển thành PAKN", Decree 20/2008 art. 6). */
    toPetition: route<Id>('/cau-hoi/:id/chuyen-pakn'),
  },
  /** The province's Zalo Official Account: the webhook Zalo POSTs events to (404 when the OA is not configured). */
  zalo: {
    webhook: '/zalo/webhook',
  },
  /** Feedback and petitions on administrative regulations (phản ánh, kiến nghị). */
  petitions: {
    /** GET: the public form; POST: file a petition. */
    form: '/phan-anh-kien-nghi',
    /** The form pre-linked to a Zalo user (the link the OA sends after "PAKN"). */
    fromZalo: route<Token>('/phan-anh-kien-nghi/zalo/:token'),
    /** The acknowledgement right after filing: tracking code, status link, QR. */
    acknowledged: route<Token>('/phan-anh-kien-nghi/da-nhan/:token'),
    /** A petition's public status page (its steps and deadlines, never the sender's data). */
    status: route<Token>('/phan-anh-kien-nghi/theo-doi/:token'),
    /** Published answers, anonymised and searchable (?q=, ?trang=). */
    published: '/phan-anh-kien-nghi/da-tra-loi',
    publishedOne: route<[code: string]>('/phan-anh-kien-nghi/da-tra-loi/:code'),
    /** Staff: the petitions the viewer handles (the control unit: all; an agency: forwarded to it). */
    staffList: '/xu-ly-pakn',
    /** The staff list filtered to one status (received | accepted | forwarded | drafted | …). */
    staffListOf: (status: string) => `/xu-ly-pakn?trang_thai=${encodeURIComponent(status)}`,
    staffShow: route<Id>('/xu-ly-pakn/:id'),
    /** POST: one workflow action on a petition (accept, not in scope, forward, draft, approve, return…). */
    act: route<Id>('/xu-ly-pakn/:id/thao-tac'),
    /** The petition page after an action, with its success banner. */
    done: (id: number, done: string) => `/xu-ly-pakn/${id}?xong=${encodeURIComponent(done)}`,
    /** GET/POST: the control unit writes down a petition received by letter or phone. */
    record: '/xu-ly-pakn/ghi-nhan',
    /** The register of petitions received (sổ tiếp nhận), ?tu=&den=&dinh_dang=pdf|xlsx. */
    register: '/xu-ly-pakn/so-tiep-nhan',
    /** GET/POST (administrators): the agency that is the TTHC control unit. */
    controlUnit: '/quan-tri/kiem-soat-tthc',
  },
  /** The integration API for the province's other systems (JSON, API keys; docs/integrations.md). */
  api: {
    root: '/api/v1',
    changes: '/api/v1/changes',
    dossier: route<[code: string]>('/api/v1/dossiers/:code'),
    procedures: '/api/v1/procedures',
    openapi: '/api/v1/openapi.json',
    /** POST: a dossier from the national portal or the province's platform (the "submit" scope): a pre-submission. */
    onlineSubmit: '/api/v1/ho-so-truc-tuyen',
  },
  /**
   * A public page in another language: `url` (a path with its query, as requested) with its
   * `lang` parameter set (the language switch; src/web/i18n/language.ts remembers the choice).
   */
  withLanguage: (url: string, lang: string) => {
    const [path = '/', query = ''] = url.split('#')[0]!.split('?', 2);
    const q = new URLSearchParams(query);
    q.set('lang', lang);
    return `${path}?${q.toString()}`;
  },
  /** Post (Decision 45/2016): the counter's hand-over records with the postal worker; the public list of procedures not available by post. */
  post: {
    /** The agency's records (open first), a new one, the results waiting to go by post. GET; POST: open a record. */
    batches: '/buu-chinh',
    batch: route<Id>('/buu-chinh/bien-ban/:id'),
    /** GET ?ma=<procedure code>: the intake form for a dossier of this inbound record. */
    addDossier: route<Id>('/buu-chinh/bien-ban/:id/them-ho-so'),
    /** POST: results added to an outbound record. */
    addResults: route<Id>('/buu-chinh/bien-ban/:id/them-ket-qua'),
    /** POST: one entry taken off an open record. */
    removeEntry: route<Id>('/buu-chinh/bien-ban/:id/bo-ra'),
    /** POST: ask the postal unit to come for the results (art. 8(4)). */
    notify: route<Id>('/buu-chinh/bien-ban/:id/bao-buu-chinh'),
    /** POST: both signed: received (inbound) or returned (outbound) now. */
    sign: route<Id>('/buu-chinh/bien-ban/:id/ky'),
    /** POST: an open record cancelled (its drafts discarded). */
    cancel: route<Id>('/buu-chinh/bien-ban/:id/huy'),
    pdf: route<Id>('/buu-chinh/bien-ban/:id/bien-ban.pdf'),
    /** The record's page after an action, with its banner. */
    done: (id: number, done: string) => `/buu-chinh/bien-ban/${id}?xong=${encodeURIComponent(done)}`,
    /** The intake form of a procedure, channel "Qua bưu chính", into this record. */
    intakeInto: (procedureCode: string, batchId: number) => `/tiep-nhan/${encodeURIComponent(procedureCode)}?bien_ban=${batchId}`,
    /** Public (art. 13): the procedures not available by post. */
    notByPost: '/thu-tuc/khong-qua-buu-chinh',
  },
  /** The independent satisfaction survey (SIPAS-style): the citizen's questionnaire, the staff report. */
  survey: {
    /** GET: the questionnaire (or why it cannot be answered); POST: answer it. */
    answer: route<Token>('/khao-sat/:token'),
    /** The page after a successful answer (the same link, thanked). */
    answered: (token: string) => `/khao-sat/${encodeURIComponent(token)}?da_gui=1`,
    /** Staff: the report of a round (?dot=<round id>, ?dinh_dang=csv|xlsx|pdf). */
    report: '/khao-sat-hai-long',
    reportWith: (roundId: number | null, format?: string) => {
      const q = new URLSearchParams();
      if (roundId !== null) q.set('dot', String(roundId));
      if (format) q.set('dinh_dang', format);
      const s = q.toString();
      return s ? `/khao-sat-hai-long?${s}` : '/khao-sat-hai-long';
    },
  },
  /**
   * Online pre-submission: the citizen's form and tracking page (public, by token), and the
   * counter's queue "Hồ sơ nộp trực tuyến chờ đối chiếu" (clerks, their agency's only).
   */
  online: {
    /** GET: the citizen's form for a procedure that takes it; POST (multipart): file it. */
    form: route<[procedureCode: string]>('/nop-truc-tuyen/:code'),
    /** The registration's tracking page: code, QR, status, documents (the token is the key). */
    track: route<Token>('/nop-truc-tuyen/theo-doi/:token'),
    /** One file of the registration, to the token holder. */
    trackFile: route<[token: string, id: number]>('/nop-truc-tuyen/theo-doi/:token/tep/:id'),
    /** Staff: the agency's registrations waiting (?ma=<code or scanned link> opens one). */
    queue: '/truc-tuyen',
    queueLookup: (q: string) => `/truc-tuyen?ma=${encodeURIComponent(q)}`,
    show: route<Id>('/truc-tuyen/:id'),
    /** The registration page after an action, with its banner. */
    done: (id: number, done: string) => `/truc-tuyen/${id}?xong=${encodeURIComponent(done)}`,
    /** POST: received as the form says (every document checked). */
    receive: route<Id>('/truc-tuyen/:id/tiep-nhan'),
    /** POST: refused, with the reason the citizen is told. */
    refuse: route<Id>('/truc-tuyen/:id/tu-choi'),
    /** POST (toàn trình): ask the citizen for a supplement on the tracking page. */
    supplement: route<Id>('/truc-tuyen/:id/yeu-cau-bo-sung'),
    /** GET: one file of a registration (`:id` is the document's). */
    file: route<Id>('/truc-tuyen/tep/:id'),
  },
  /** Where public/ is served; `static(file)` links one of its files. */
  staticRoot: '/static',
  static: (file: string) => `/static/${file}`,
} as const;

export type Paths = typeof paths;

/**
 * The route patterns whose forms carry files (multipart/form-data, read by src/web/upload.ts,
 * which checks their CSRF token itself). A multipart POST anywhere else is refused by the CSRF
 * check as any form without its token.
 */
export const UPLOAD_PATTERNS: readonly string[] = [paths.dossierFiles.result.pattern, paths.dossierFiles.scans.pattern, paths.online.form.pattern];

const uploadRegexps = (patterns: readonly string[]): RegExp[] =>
  patterns.map((p) => new RegExp(`^${p.split('/').map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}/?$`));

/** True for a path one of `patterns` (default UPLOAD_PATTERNS) matches. */
export function uploadPathMatcher(patterns: readonly string[] = UPLOAD_PATTERNS): (path: string) => boolean {
  const res = uploadRegexps(patterns);
  return (path) => res.some((re) => re.test(path));
}

export function absoluteUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}
