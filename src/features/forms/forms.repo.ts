import type { Knex } from 'knex';

export function formsRepo(db: Knex) {
  return {
    /** The name and phone a form prints for the officer who signed a step; blank when unknown. */
    async staffContact(userId: number | null): Promise<{ name: string; phone: string }> {
      if (!userId) return { name: '', phone: '' };
      const row = await db('users').where({ id: userId }).first('full_name', 'phone');
      return { name: row?.full_name ?? '', phone: row?.phone ?? '' };
    },
  };
}
