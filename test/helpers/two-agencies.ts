/**
 * The world the fuzz suite and the access matrix both attack: one staff member of every role
 * in a ward (the admin at the province centre), each signed in, an extra officer to act on,
 * a clerk of another agency (Sở Tư pháp), a dossier received over HTTP by the ward's clerk
 * and one of the other agency's.
 */
import request from 'supertest';
import type { Role } from '../../src/domain/roles.js';
import { certifiedCopyForm, createStaff, csrfFrom, dossierIdFromRedirect, signIn, type TestApp } from './app.js';
import { insertDossier } from './fixtures.js';

export const WARD = '000.31.01.H26';
export const CENTRE = '000.00.01.H26';
export const TU_PHAP = '000.00.12.H26';
export const ROLES = ['anonymous', 'clerk', 'officer', 'supervisor', 'admin'] as const;
export type RoleName = (typeof ROLES)[number];
export type SignedIn = { agent: ReturnType<typeof request.agent>; csrf: string };

export interface TwoAgencies {
  agents: Map<RoleName, SignedIn>;
  /** An officer of the ward no test signs in as: the target of account actions. */
  victimId: number;
  /** The ward's dossier (received by its clerk) and the other agency's. */
  ownDossierId: number;
  otherDossierId: number;
}

/** A fresh agent as `role` (`<prefix>.<role>`); anonymous: a visitor holding the login page's CSRF token. */
export async function signInAs(t: TestApp, prefix: string, role: RoleName): Promise<SignedIn> {
  if (role !== 'anonymous') return signIn(t.http, `${prefix}.${role}`);
  const agent = request.agent(t.http);
  const page = await agent.get('/dang-nhap').expect(200);
  return { agent, csrf: csrfFrom(page.text) };
}

/** Usernames are `<prefix>.<role>`; `<prefix>.victim` and `<prefix>.other` for the two extras. */
export async function twoAgencies(t: TestApp, prefix: string): Promise<TwoAgencies> {
  const staff: Array<[Exclude<RoleName, 'anonymous'>, string]> = [
    ['clerk', WARD],
    ['officer', WARD],
    ['supervisor', WARD],
    ['admin', CENTRE],
  ];
  for (const [role, eid] of staff) await createStaff(t.db, `${prefix}.${role}`, role as Role, eid);
  const victimId = await createStaff(t.db, `${prefix}.victim`, 'officer', WARD);
  const otherClerk = await createStaff(t.db, `${prefix}.other`, 'clerk', TU_PHAP);
  const agents = new Map<RoleName, SignedIn>();
  for (const role of ROLES) agents.set(role, await signInAs(t, prefix, role));
  const clerk = agents.get('clerk')!;
  const made = await clerk.agent.post('/tiep-nhan/2.000815/xac-nhan').type('form').send({ ...certifiedCopyForm(), action: 'confirm', _csrf: clerk.csrf }).expect(303);
  const ownDossierId = dossierIdFromRedirect(made.headers.location);
  const otherDossierId = await insertDossier(t.db, otherClerk, { agency: TU_PHAP, received: '2026-03-02', due: '2026-03-20', status: 'in_progress' });
  return { agents, victimId, ownDossierId, otherDossierId };
}
