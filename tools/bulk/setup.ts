/**
 * What the bulk generator needs before it can make dossiers: extra ward and commune
 * centres (linked to every commune-level procedure), staff for every agency that
 * receives dossiers, and the catalogue as plain objects. Idempotent: a second run finds
 * the agencies and staff it created and reuses them.
 */
import type { Knex } from 'knex';
import type { ProcessingUnit } from '../../src/domain/deadline.js';
import type { Role } from '../../src/domain/roles.js';
import type { ProcedureDocument } from '../../src/features/catalogue/catalogue.types.js';
import { hashPassword } from '../../src/features/auth/password.js';
import { Prng, hash32 } from './prng.js';
import { personName } from './people.js';
import { COMMUNE_PLACES, type CommuneKind } from './vocab.js';

/** Bulk staff accounts share the demo password, so a tester can sign in as any of them. */
export const BULK_PASSWORD = 'motcua2026';
export const BULK_USERNAME_PREFIX = 'bulk.';

export interface StaffRef {
  id: number;
  role: Role;
  agencyId: number;
  ip: string;
}

export interface AgencyCtx {
  id: number;
  eid: string;
  kind: string;
  placeName: string;
  /** "phường" or "xã" for ward and commune centres, null for departments. */
  placeKind: CommuneKind | null;
  /** Relative intake volume among agencies receiving the same procedure. */
  weight: number;
  clerks: StaffRef[];
  officers: StaffRef[];
  supervisors: StaffRef[];
}

/** A document of a procedure's checklist, as the catalogue reads it. */
export type ProcedureDoc = ProcedureDocument;

export interface ProcedureCtx {
  id: number;
  code: string;
  unit: ProcessingUnit;
  amount: number;
  extensionDays: number;
  /** The result is produced at the counter itself (what the state machine lets a clerk mark ready). */
  resultAtCounter: boolean;
  documents: ProcedureDoc[];
  /** Agencies whose counter receives it. */
  receivers: number[];
}

/** The electronic ID of the i-th extra commune centre: 000.<group>.<nn>.H26. */
function communeEids(): string[] {
  const perGroup = new Map<number, number>();
  return COMMUNE_PLACES.map((p) => {
    // The reference data holds 000.31.01 and 000.31.02 already.
    const n = (perGroup.get(p.group) ?? (p.group === 31 ? 2 : 0)) + 1;
    perGroup.set(p.group, n);
    return `000.${p.group}.${String(n).padStart(2, '0')}.H26`;
  });
}

export const MAX_EXTRA_AGENCIES = COMMUNE_PLACES.length;

/** Adds the first `count` extra ward/commune centres and links every commune procedure to them. */
export async function ensureCommuneAgencies(db: Knex, count: number): Promise<void> {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('--agencies must be a whole number ≥ 0');
  if (count > MAX_EXTRA_AGENCIES) throw new RangeError(`--agencies: at most ${MAX_EXTRA_AGENCIES} extra ward/commune centres are available`);
  if (count === 0) return;
  const eids = communeEids();
  const rows = COMMUNE_PLACES.slice(0, count).map((p, i) => {
    const h = hash32(eids[i]!);
    return {
      eid: eids[i]!,
      name: `Trung tâm Phục vụ hành chính công ${p.kind} ${p.name}`,
      governing_body: `UBND ${p.kind} ${p.name}`.toLocaleUpperCase('vi'),
      place_name: p.name,
      kind: 'commune',
      parent_id: null,
      address: `Trụ sở UBND ${p.kind} ${p.name}, tỉnh Đồng Nai`,
      hotline: `0251 3 ${String(100 + (h % 900))} ${String(100 + ((h >>> 10) % 900))}`,
      active: true,
    };
  });
  await db.transaction(async (trx) => {
    await trx('agencies').insert(rows).onConflict('eid').ignore();
    const ids: number[] = (await trx('agencies').whereIn('eid', eids.slice(0, count)).select('id')).map((r) => r.id);
    const communeProcedures: number[] = (await trx('procedures').whereNull('lead_agency_id').select('id')).map((r) => r.id);
    const links = ids.flatMap((agencyId) => communeProcedures.map((procedureId) => ({ agency_id: agencyId, procedure_id: procedureId })));
    for (let i = 0; i < links.length; i += 400) {
      await trx('agency_procedures').insert(links.slice(i, i + 400)).onConflict(['agency_id', 'procedure_id']).ignore();
    }
  });
}

function placeKindOf(name: string, kind: string): CommuneKind | null {
  if (kind !== 'commune') return null;
  return name.includes(' xã ') ? 'xã' : 'phường';
}

/** Staff sizes by agency: bigger centres have more counters and officers. */
function staffPlan(a: { kind: string; weight: number }): Record<'clerk' | 'officer' | 'supervisor', number> {
  if (a.kind !== 'commune') return { clerk: 4, officer: 10, supervisor: 2 };
  return { clerk: 2 + Math.round(a.weight), officer: 3 + Math.round(a.weight * 1.5), supervisor: a.weight > 1.3 ? 2 : 1 };
}

const ROLE_TAG = { clerk: 'tn', officer: 'cv', supervisor: 'ld' } as const;

/**
 * Agencies that receive dossiers (linked to an active procedure), each with its bulk
 * staff, created if missing; and the active catalogue.
 */
export async function loadSetup(db: Knex, createdAt: Date): Promise<{ agencies: AgencyCtx[]; procedures: ProcedureCtx[] }> {
  const links: Array<{ agency_id: number; procedure_id: number }> = await db('agency_procedures as ap')
    .join('agencies as a', 'a.id', 'ap.agency_id')
    .join('procedures as p', 'p.id', 'ap.procedure_id')
    .where('a.active', true)
    .andWhere('p.active', true)
    .orderBy([{ column: 'ap.agency_id' }, { column: 'ap.procedure_id' }])
    .select('ap.agency_id', 'ap.procedure_id');
  const agencyIds = [...new Set(links.map((l) => l.agency_id))];
  const agencyRows: Array<{ id: number; eid: string; name: string; kind: string; place_name: string }> = await db('agencies')
    .whereIn('id', agencyIds)
    .orderBy('id')
    .select('id', 'eid', 'name', 'kind', 'place_name');

  const agencies: AgencyCtx[] = agencyRows.map((a) => {
    const placeKind = placeKindOf(a.name, a.kind);
    // Stable per agency (not per seed): wards are busier than rural communes.
    const h = hash32(a.eid) / 4294967296;
    const weight = a.kind === 'commune' ? (placeKind === 'phường' ? 1.3 : 0.9) * (0.55 + 1.1 * h) : 1;
    return { id: a.id, eid: a.eid, kind: a.kind, placeName: a.place_name, placeKind, weight, clerks: [], officers: [], supervisors: [] };
  });

  // Staff: deterministic names from the agency's ID, so every seed and every run agree.
  const wanted: Array<Record<string, unknown>> = [];
  for (const a of agencies) {
    const rng = new Prng(hash32(a.eid), 7);
    const plan = staffPlan(a);
    for (const role of ['clerk', 'officer', 'supervisor'] as const) {
      for (let i = 1; i <= plan[role]; i++) {
        const username = `${BULK_USERNAME_PREFIX}${a.eid.toLowerCase()}.${ROLE_TAG[role]}${String(i).padStart(2, '0')}`;
        wanted.push({
          username,
          full_name: personName(rng).name,
          role,
          agency_id: a.id,
          phone: `0251${rng.digits(7)}`,
          email: role === 'clerk' ? null : `${username}@motcua.example`,
          active: true,
          created_at: createdAt,
        });
      }
    }
  }
  const existing = new Set<string>(
    (await db('users').where('username', 'like', `${BULK_USERNAME_PREFIX}%`).select('username')).map((r) => r.username as string),
  );
  const missing = wanted.filter((w) => !existing.has(w.username as string));
  if (missing.length > 0) {
    const hash = await hashPassword(BULK_PASSWORD);
    for (let i = 0; i < missing.length; i += 200) {
      await db('users')
        .insert(missing.slice(i, i + 200).map((m) => ({ ...m, password_hash: hash })))
        .onConflict('username')
        .ignore();
    }
  }
  const staff: Array<{ id: number; username: string; role: Role; agency_id: number }> = await db('users')
    .where('username', 'like', `${BULK_USERNAME_PREFIX}%`)
    .andWhere('active', true)
    .orderBy('id')
    .select('id', 'username', 'role', 'agency_id');
  const byId = new Map(agencies.map((a) => [a.id, a]));
  for (const u of staff) {
    const a = byId.get(u.agency_id);
    if (!a) continue;
    const list = u.role === 'clerk' ? a.clerks : u.role === 'officer' ? a.officers : u.role === 'supervisor' ? a.supervisors : null;
    if (!list) continue;
    // A LAN address per workstation, for the audit trail's IP column.
    const h = hash32(u.username);
    list.push({ id: u.id, role: u.role, agencyId: a.id, ip: `10.26.${h % 250}.${10 + ((h >>> 8) % 240)}` });
  }
  for (const a of agencies) {
    if (a.clerks.length === 0 || a.officers.length === 0 || a.supervisors.length === 0) {
      throw new Error(`Agency ${a.eid} has no bulk clerk, officer or supervisor`);
    }
  }

  const procRows: Array<Record<string, any>> = await db('procedures').where('active', true).orderBy('id').select('id', 'code', 'processing_unit', 'processing_amount', 'apology_extension_days', 'result_at_counter');
  const docs: Array<Record<string, any>> = await db('procedure_documents').orderBy([{ column: 'procedure_id' }, { column: 'position' }]);
  const procedures: ProcedureCtx[] = procRows
    .map((p) => ({
      id: p.id as number,
      code: p.code as string,
      unit: p.processing_unit as ProcessingUnit,
      amount: Number(p.processing_amount),
      extensionDays: Math.max(1, Number(p.apology_extension_days)),
      resultAtCounter: Boolean(p.result_at_counter),
      documents: docs
        .filter((d) => d.procedure_id === p.id)
        .map((d) => ({ position: d.position, name: d.name, originals: d.originals, certifiedCopies: d.certified_copies, copies: d.copies, required: Boolean(d.required) })),
      receivers: links.filter((l) => l.procedure_id === p.id).map((l) => l.agency_id),
    }))
    .filter((p) => p.receivers.length > 0);
  return { agencies, procedures };
}
