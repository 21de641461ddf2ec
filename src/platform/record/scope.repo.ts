/**
 * The only ways a repo opens a query on `dossiers` for staff (eslint refuses the table's
 * name anywhere else but in the exceptions listed in eslint.config.js):
 * - `staffDossiers(db, staff)`: the dossiers the staff member may see, as `d`;
 * - `joinStaffDossiers(q, staff, 'x.dossier_id')`: another table's rows joined to the
 *   dossiers the staff member may see (an inner join: rows of unseen dossiers drop out);
 * - `scopeToStaff(q, staff)`: the condition alone, on a query that already has `d`;
 * - `oneDossier(db, key)`: one dossier by its id, token or code, unscoped: the caller decides
 *   access on the row with canSeeDossier (the same rule), or is no staff member (the public
 *   page, a job), or writes a dossier it has already checked; `dossiersByIds(db, ids)` the
 *   same for ids read through the rule already.
 * The visibility rule itself is visibility.ts.
 */
import type { Knex } from 'knex';
import type { DossierRow } from './tables.js';
import { SEEING_AGENCIES, seesEveryDossier, type StaffScope } from './visibility.js';

const TABLE = 'dossiers';

/** `q` narrowed to the dossiers `staff` may see; `alias` is the name `dossiers` has in `q`. */
export function scopeToStaff(q: Knex.QueryBuilder, staff: StaffScope, alias = 'd'): Knex.QueryBuilder {
  if (seesEveryDossier(staff)) return q;
  return q.where((w) => {
    for (const { column } of SEEING_AGENCIES) w.orWhere(`${alias}.${column}`, staff.agencyId);
  });
}

/** The dossiers `staff` may see, as `alias`. */
export function staffDossiers(db: Knex | Knex.Transaction, staff: StaffScope, alias = 'd'): Knex.QueryBuilder {
  return scopeToStaff(db(`${TABLE} as ${alias}`), staff, alias);
}

/** `q`'s rows whose dossier (`dossierIdColumn`) `staff` may see, joined to it as `alias`. */
export function joinStaffDossiers(q: Knex.QueryBuilder, staff: StaffScope, dossierIdColumn: string, alias = 'd'): Knex.QueryBuilder {
  return scopeToStaff(q.join(`${TABLE} as ${alias}`, `${alias}.id`, dossierIdColumn), staff, alias);
}

/**
 * One dossier by a unique key, unscoped (see above), its columns qualified by the table's
 * name (`dossiers.procedure_id`) so the query may join others.
 */
export function oneDossier(db: Knex | Knex.Transaction, key: { id: number } | { public_token: string } | { code: string }) {
  const [column, value] = 'id' in key ? ['id', key.id] : 'public_token' in key ? ['public_token', key.public_token] : ['code', key.code];
  return db<DossierRow>(TABLE).where(`${TABLE}.${column}`, value);
}

/** Dossiers by id, unscoped: ids the caller has already read through canSeeDossier or a scoped query. */
export function dossiersByIds(db: Knex | Knex.Transaction, ids: readonly number[]) {
  return db<DossierRow>(TABLE).whereIn('id', [...ids]);
}
