/** Counter guidances and refusals before receipt (tables counter_guidances, counter_refusals). */
import type { Knex } from 'knex';
import { toDate } from '../../db/knex.js';
import type { CounterApplicant } from './counter.schema.js';

export type CounterKind = 'guidance' | 'refusal';

const TABLES: Record<CounterKind, string> = { guidance: 'counter_guidances', refusal: 'counter_refusals' };

export interface NewCounterRecord {
  agencyId: number;
  procedureId: number;
  clerkId: number;
  applicant: CounterApplicant;
  /** Guidance only: what to bring, one item a line. */
  items?: string[];
  reason: string;
  createdAt: Date;
}

/** A record with what its PDF prints. */
export interface CounterRecord {
  id: number;
  kind: CounterKind;
  agencyId: number;
  agency: { name: string; governingBody: string; placeName: string; hotline: string };
  procedure: { id: number; code: string; name: string };
  clerk: { id: number; name: string; phone: string };
  applicant: CounterApplicant;
  items: string[];
  reason: string;
  createdAt: Date;
}

/** One guidance or refusal in a list (the clerk's home). */
export interface CounterListRow {
  kind: CounterKind;
  id: number;
  createdAt: Date;
  applicantName: string;
  procedureCode: string;
  procedureName: string;
}

/** Per agency and procedure: guidances and refusals given in a period. */
export interface CounterCount {
  agencyId: number;
  procedureId: number;
  guidances: number;
  refusals: number;
}

export function counterRepo(db: Knex) {
  return {
    async insert(kind: CounterKind, r: NewCounterRecord): Promise<number> {
      const row: Record<string, unknown> = {
        agency_id: r.agencyId,
        procedure_id: r.procedureId,
        clerk_id: r.clerkId,
        applicant_name: r.applicant.name,
        applicant_id_number: r.applicant.idNumber,
        applicant_phone: r.applicant.phone,
        applicant_address: r.applicant.address,
        reason: r.reason,
        created_at: r.createdAt,
      };
      if (kind === 'guidance') row.items = (r.items ?? []).join('\n');
      const [inserted] = await db(TABLES[kind]).insert(row).returning('id');
      return typeof inserted === 'object' ? Number((inserted as { id: number }).id) : Number(inserted);
    },

    async find(kind: CounterKind, id: number): Promise<CounterRecord | undefined> {
      const r = await db(`${TABLES[kind]} as c`)
        .join('agencies as a', 'a.id', 'c.agency_id')
        .join('procedures as p', 'p.id', 'c.procedure_id')
        .join('users as u', 'u.id', 'c.clerk_id')
        .where('c.id', id)
        .first(
          'c.*',
          'a.name as agency_name',
          'a.governing_body as agency_governing_body',
          'a.place_name as agency_place_name',
          'a.hotline as agency_hotline',
          'p.code as procedure_code',
          'p.name as procedure_name',
          'u.full_name as clerk_name',
          'u.phone as clerk_phone',
        );
      if (!r) return undefined;
      return {
        id: Number(r.id),
        kind,
        agencyId: Number(r.agency_id),
        agency: { name: r.agency_name, governingBody: r.agency_governing_body, placeName: r.agency_place_name, hotline: r.agency_hotline ?? '' },
        procedure: { id: Number(r.procedure_id), code: r.procedure_code, name: r.procedure_name },
        clerk: { id: Number(r.clerk_id), name: r.clerk_name, phone: r.clerk_phone ?? '' },
        applicant: { name: r.applicant_name, idNumber: r.applicant_id_number ?? null, phone: r.applicant_phone ?? null, address: r.applicant_address ?? null },
        items: kind === 'guidance' ? String(r.items ?? '').split('\n').filter(Boolean) : [],
        reason: r.reason,
        createdAt: toDate(r.created_at),
      };
    },

    /** The agency's guidances and refusals created in [from, before), oldest first. */
    async listBetween(agencyId: number, from: Date, before: Date): Promise<CounterListRow[]> {
      const out: CounterListRow[] = [];
      for (const kind of ['guidance', 'refusal'] as const) {
        const rows = await db(`${TABLES[kind]} as c`)
          .join('procedures as p', 'p.id', 'c.procedure_id')
          .where('c.agency_id', agencyId)
          .where('c.created_at', '>=', from)
          .where('c.created_at', '<', before)
          .select('c.id', 'c.created_at', 'c.applicant_name', 'p.code as procedure_code', 'p.name as procedure_name');
        for (const r of rows) {
          out.push({ kind, id: Number(r.id), createdAt: toDate(r.created_at), applicantName: r.applicant_name, procedureCode: r.procedure_code, procedureName: r.procedure_name });
        }
      }
      return out.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
    },

    /** Guidances and refusals created in [from, before), per agency and procedure; only `agencyIds` when given. */
    async counts(from: Date, before: Date, agencyIds?: readonly number[]): Promise<CounterCount[]> {
      const byKey = new Map<string, CounterCount>();
      for (const kind of ['guidance', 'refusal'] as const) {
        let q = db(TABLES[kind]).where('created_at', '>=', from).where('created_at', '<', before);
        if (agencyIds) q = q.whereIn('agency_id', [...agencyIds]);
        const rows: Array<{ agency_id: number; procedure_id: number; n: number | string }> = await q
          .groupBy('agency_id', 'procedure_id')
          .select('agency_id', 'procedure_id')
          .count({ n: '*' });
        for (const r of rows) {
          const key = `${r.agency_id}:${r.procedure_id}`;
          const c = byKey.get(key) ?? { agencyId: Number(r.agency_id), procedureId: Number(r.procedure_id), guidances: 0, refusals: 0 };
          if (kind === 'guidance') c.guidances = Number(r.n);
          else c.refusals = Number(r.n);
          byKey.set(key, c);
        }
      }
      return [...byKey.values()].sort((a, b) => a.agencyId - b.agencyId || a.procedureId - b.procedureId);
    },
  };
}
