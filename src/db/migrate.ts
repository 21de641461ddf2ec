/**
 * Runs the forward-only migrations in migrations/: TypeScript modules, loaded by tsx, or their
 * compiled `.js` beside them when there is one (a compiled tree: the test runner's). A migration
 * is named by its `.ts` file either way, so the recorded names never change.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

class DirectoryMigrationSource implements Knex.MigrationSource<string> {
  async getMigrations(): Promise<string[]> {
    return fs
      .readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d{14}_[\w-]+\.ts$/.test(f))
      .sort();
  }
  getMigrationName(name: string): string {
    return name;
  }
  async getMigration(name: string): Promise<Migration> {
    const compiled = path.join(MIGRATIONS_DIR, name.replace(/\.ts$/, '.js'));
    const file = fs.existsSync(compiled) ? compiled : path.join(MIGRATIONS_DIR, name);
    return (await import(pathToFileURL(file).href)) as Migration;
  }
}

export async function migrateToLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource: new DirectoryMigrationSource() })) as [number, string[]];
  return applied;
}
