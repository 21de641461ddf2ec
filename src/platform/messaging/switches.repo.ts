/**
 * notification_switches: the citizen templates an administrator switched off. A switched-off
 * template stores nothing (notifyContact, replyOnZalo and the dossier notices check it inside
 * the caller's transaction).
 */
import type { Knex } from 'knex';
import { toDate } from '../../db/knex.js';

export interface TemplateSwitch {
  template: string;
  disabledAt: Date;
  disabledBy: string | null;
}

export function switchesRepo(db: Knex | Knex.Transaction) {
  return {
    async isDisabled(template: string): Promise<boolean> {
      return (await db('notification_switches').where({ template }).first('template')) !== undefined;
    },

    async switches(): Promise<TemplateSwitch[]> {
      const rows = await db('notification_switches as s').leftJoin('users as u', 'u.id', 's.disabled_by').orderBy('s.template').select('s.template', 's.disabled_at', 'u.full_name');
      return rows.map((r) => ({ template: r.template, disabledAt: toDate(r.disabled_at), disabledBy: r.full_name ?? null }));
    },

    /** Switch a template off (idempotent) or on; true when something changed. */
    async setDisabled(template: string, disabled: boolean, by: number, now: Date): Promise<boolean> {
      if (!disabled) return (await db('notification_switches').where({ template }).delete()) > 0;
      const rows = await db('notification_switches').insert({ template, disabled_by: by, disabled_at: now }).onConflict('template').ignore().returning('template');
      return rows.length > 0;
    },
  };
}
