export const ROLES = ['clerk', 'officer', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  clerk: 'Cán bộ tiếp nhận',
  officer: 'Chuyên viên xử lý',
  supervisor: 'Lãnh đạo / giám sát',
  admin: 'Quản trị hệ thống',
};

export interface StaffUser {
  id: number;
  username: string;
  fullName: string;
  role: Role;
  agencyId: number;
  agencyName: string;
}
