/**
 * The TTHC control unit's agency (Decree 20/2008 art. 8; since Decree 92/2017 art. 6(2) the
 * control unit sits in the provincial People's Committee office): an administrator's setting,
 * kept in the `settings` table under CONTROL_UNIT_SETTING. Nothing is inferred from agency
 * kinds; without a setting only administrators act as the control unit.
 */
import type { Knex } from 'knex';
import { CONTROL_UNIT_SETTING } from '../../domain/petitions.js';

type Db = Knex | Knex.Transaction;

/** The control unit's agency id, or null when none is set (or it names no agency). */
export async function controlUnitAgencyId(db: Db): Promise<number | null> {
  const r = await db('settings').where({ key: CONTROL_UNIT_SETTING }).first('value');
  const id = r ? Number(r.value) : NaN;
  return Number.isInteger(id) && id > 0 ? id : null;
}

/** The control unit's agency with its name, or null. */
export async function controlUnitAgency(db: Db): Promise<{ id: number; name: string } | null> {
  const id = await controlUnitAgencyId(db);
  if (id === null) return null;
  const a = await db('agencies').where({ id }).first('id', 'name');
  return a ? { id: Number(a.id), name: String(a.name) } : null;
}

/** Name the control unit's agency (an active agency; the caller checked it). */
export async function setControlUnitAgency(db: Db, agencyId: number, now: Date): Promise<void> {
  await db('settings').insert({ key: CONTROL_UNIT_SETTING, value: String(agencyId), created_at: now }).onConflict('key').merge(['value']);
}

/** The active agencies an administrator may choose from. */
export async function activeAgencies(db: Db): Promise<Array<{ id: number; name: string }>> {
  const rows = await db('agencies').where({ active: true }).orderBy('name').orderBy('id').select('id', 'name');
  return rows.map((r) => ({ id: Number(r.id), name: String(r.name) }));
}
