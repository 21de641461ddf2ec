/** The agencies table, for the administration pages. */
import type { Knex } from 'knex';
import { insertedId } from '../../../db/knex.js';
import type { AgencyInput, AgencyKind } from './agencies.schema.js';

/** A stored agency: what the form edits, plus its id. */
export interface AdminAgency extends AgencyInput {
  id: number;
}

function toAgency(r: Record<string, any>): AdminAgency {
  return {
    id: r.id,
    eid: r.eid,
    name: r.name,
    governingBody: r.governing_body,
    placeName: r.place_name,
    kind: r.kind as AgencyKind,
    address: r.address,
    hotline: r.hotline,
    active: Boolean(r.active),
    portalUnitCode: r.portal_unit_code ?? null,
  };
}

function agencyRow(a: AgencyInput) {
  return { eid: a.eid, name: a.name, governing_body: a.governingBody, place_name: a.placeName, kind: a.kind, address: a.address, hotline: a.hotline, active: a.active, portal_unit_code: a.portalUnitCode };
}

export function agenciesRepo(db: Knex) {
  return {
    async listAgencies(): Promise<AdminAgency[]> {
      const rows = await db('agencies').select('*').orderBy('eid');
      return rows.map(toAgency);
    },

    async findAgency(id: number): Promise<AdminAgency | undefined> {
      const row = await db('agencies').where({ id }).first();
      return row ? toAgency(row) : undefined;
    },

    async agencyIdByEid(eid: string): Promise<number | undefined> {
      const row = await db('agencies').where({ eid }).first('id');
      return row?.id;
    },

    async insertAgency(a: AgencyInput): Promise<number> {
      const [inserted] = await db('agencies').insert(agencyRow(a)).returning('id');
      return insertedId(inserted);
    },

    async updateAgency(id: number, a: AgencyInput): Promise<void> {
      await db('agencies').where({ id }).update(agencyRow(a));
    },
  };
}
