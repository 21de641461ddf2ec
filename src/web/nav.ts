/**
 * The staff navigation: which sections a role sees, in order, and which one the page
 * belongs to. A section is current on its own page and on every page under it (a dossier
 * under "Hồ sơ", one report under "Báo cáo"), so the header marks it `aria-current="page"`;
 * a page under two sections belongs to the more specific one.
 */
import type { Role } from '../domain/roles.js';
import { paths } from './paths.js';

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

interface Section {
  href: string;
  label: string;
  roles: readonly Role[];
  /** Other path prefixes whose pages belong to the section. */
  also?: readonly string[];
}

const ALL: readonly Role[] = ['clerk', 'officer', 'supervisor', 'admin'];

const SECTIONS: readonly Section[] = [
  { href: paths.home, label: 'Trang chủ', roles: ALL },
  { href: paths.intake.start, label: 'Tiếp nhận hồ sơ', roles: ['clerk'] },
  { href: paths.online.queue, label: 'Nộp trực tuyến', roles: ['clerk'] },
  { href: paths.post.batches, label: 'Bưu chính', roles: ['clerk'] },
  { href: paths.queue, label: 'Hàng đợi', roles: ['officer', 'supervisor'] },
  { href: paths.apologies.drafts, label: 'Phiếu xin lỗi chờ ký', roles: ['officer', 'supervisor'] },
  { href: paths.dossiers.list, label: 'Hồ sơ', roles: ALL },
  { href: paths.questions.inbox, label: 'Câu hỏi của công dân', roles: ['clerk', 'officer', 'supervisor'] },
  { href: paths.petitions.staffList, label: 'Phản ánh, kiến nghị', roles: ['officer', 'supervisor', 'admin'] },
  { href: paths.notifications.list, label: 'Tin nhắn', roles: ALL },
  { href: paths.officerPeriod, label: 'Kết quả của tôi', roles: ['officer'] },
  // The ratings list, the scorecard, the survey and the officers' periods are reports, linked from the reports page
  // (at 1366 px the navigation holds one line for every role).
  { href: paths.reports.index, label: 'Báo cáo', roles: ['supervisor', 'admin'], also: [paths.ratings.list, paths.scorecard.show, paths.officerPeriod, paths.survey.report] },
  { href: paths.admin.portal, label: 'Cổng DVCQG', roles: ['admin'] },
  { href: paths.admin.home, label: 'Quản trị', roles: ['admin'] },
];

/** Whether `path` is `prefix` or a page under it (the home page only matches itself). */
function under(path: string, prefix: string): boolean {
  if (prefix === paths.home) return path === paths.home;
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** The longest of the section's prefixes that `path` is under (-1: none). */
function match(s: Section, path: string): number {
  return Math.max(-1, ...[s.href, ...(s.also ?? [])].filter((p) => under(path, p)).map((p) => p.length));
}

/** A page under two sections (the portal sync page is also under "Quản trị") belongs to the more specific one. */
export function staffNav(role: Role, currentPath: string): NavItem[] {
  const sections = SECTIONS.filter((s) => s.roles.includes(role));
  const best = Math.max(-1, ...sections.map((s) => match(s, currentPath)));
  return sections.map((s) => ({
    href: s.href,
    label: s.label,
    current: best >= 0 && match(s, currentPath) === best,
  }));
}
