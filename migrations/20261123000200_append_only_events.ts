import type { Knex } from 'knex';

/**
 * The audit trail is append-only: the database itself refuses UPDATE and DELETE on
 * dossier_events. (Someone with owner rights can still drop the trigger; the hash chain
 * is what makes such tampering detectable — see `npm run audit:verify`.)
 */
export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE FUNCTION dossier_events_append_only() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'dossier_events is append-only';
      END;
      $$ LANGUAGE plpgsql`);
    await knex.raw(`
      CREATE TRIGGER dossier_events_append_only BEFORE UPDATE OR DELETE ON dossier_events
      FOR EACH ROW EXECUTE FUNCTION dossier_events_append_only()`);
  } else {
    await knex.raw(`
      CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events
      BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only'); END`);
    await knex.raw(`
      CREATE TRIGGER dossier_events_no_delete BEFORE DELETE ON dossier_events
      BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only'); END`);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
