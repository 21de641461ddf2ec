/**
 * Dossiers for the portal sync tests, made through the services (intake, workflow, apology)
 * so that every change goes through appendEvent and its observer, as in the application.
 */
import type { Knex } from 'knex';
import type { Role, StaffUser } from '../../src/domain/roles.js';
import type { Services } from '../../src/services.js';
import { agencyId, createStaff } from './app.js';

export const WARD = '000.31.01.H26';
export const FIELD_CODE = 'G09-HKD';

/** Map the ward (unit code) and the procedure (field code), as an administrator would. */
export async function mapPortal(db: Knex, opts: { unit?: string | null; procedure?: string; field?: string | null } = {}): Promise<void> {
  await db('agencies').where({ eid: WARD }).update({ portal_unit_code: opts.unit === undefined ? '000.31.01.H26' : opts.unit });
  await db('procedures').where({ code: opts.procedure ?? '1.001612' }).update({ portal_field_code: opts.field === undefined ? FIELD_CODE : opts.field });
}

export async function staffUser(db: Knex, username: string, role: Role, fullName: string, jobTitle = ''): Promise<StaffUser> {
  const id = await createStaff(db, username, role, WARD, fullName);
  if (jobTitle) await db('users').where({ id }).update({ job_title: jobTitle });
  const agency = await db('agencies').where({ id: await agencyId(db, WARD) }).first('id', 'name');
  return { id, username, fullName, role, agencyId: agency.id, agencyName: agency.name };
}

export async function receive(svc: Services, clerk: StaffUser, name: string, opts: { procedure?: string; idNumber?: string } = {}): Promise<number> {
  const code = opts.procedure ?? '1.001612';
  const procedure = (await svc.catalogue.procedureForAgency(clerk.agencyId, code))!;
  const r = await svc.intake.receive(
    clerk,
    code,
    {
      applicantName: name,
      idNumber: opts.idNumber ?? '075190001234',
      phone: '0987654321',
      email: 'thao@example.vn',
      address: '12 Phan Chu Trinh, phường Trấn Biên',
      representativeName: null,
      resultDelivery: 'counter',
      setsCount: 1,
      note: null,
      documents: procedure.documents.map((d) => ({ position: d.position, name: d.name, originals: d.originals, certifiedCopies: d.certifiedCopies, copies: d.copies })),
    },
    null,
    null,
  );
  if (!r.ok) throw new Error(`intake refused: ${JSON.stringify(r)}`);
  return r.dossierId;
}

export async function act(svc: Services, db: Knex, staff: StaffUser, id: number, action: string, fields: { note?: string; reason?: string } = {}): Promise<void> {
  const { version } = await db('dossiers').where({ id }).first('version');
  const r = await svc.workflow.act(staff, id, { action, version: Number(version), note: fields.note ?? null, reason: fields.reason ?? null }, null);
  if (!r.ok) throw new Error(`${action} refused: ${r.message}`);
}
