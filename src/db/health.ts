import type { Knex } from 'knex';

/** The database answers (the health check). */
export async function ping(db: Knex): Promise<void> {
  await db.raw('select 1');
}
