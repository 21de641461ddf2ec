/**
 * The apology's SQL: the one apology per dossier, its milestone, the re-set appointment, its
 * yearly number per processing agency, and the drafts the job prepares for the head.
 */
import type { Knex } from 'knex';
import { dialect, toDate } from '../../db/knex.js';
import { OPEN_STATUSES } from '../../domain/status.js';
import { joinStaffDossiers, oneDossier } from '../../platform/record/scope.repo.js';
import type { StaffScope } from '../../platform/record/visibility.js';
import type { DossierRow, Timestamp } from '../../platform/record/tables.js';

export interface ApologyRow {
  issuedAt: Date;
  /** The issuing head's id and name; null when the system issued it. */
  issuedById: number | null;
  issuedBy: string | null;
  /** The head's title as printed (users.job_title when issued); null for the system or older apologies. */
  signerTitle: string | null;
  /** "12/PXL"; null for apologies issued before numbers were stored. */
  number: string | null;
  /** Issued later than 1 working day before the appointment (Decree 118). */
  issuedLate: boolean;
  reason: string;
  previousDueAt: Date;
  newDueAt: Date;
}

export interface IssuingAgency {
  name: string;
  governingBody: string;
  placeName: string;
}

export interface DraftRow {
  dossierId: number;
  proposedDueAt: Date;
  reason: string;
  createdAt: Date;
  updatedAt: Date;
  /** Who last edited the reason or the date; null while it is the job's proposal. */
  updatedBy: string | null;
}

/** A row of the head's list: the draft and what the head needs to judge it. */
export interface DraftListRow extends DraftRow {
  code: string;
  procedureName: string;
  applicantName: string;
  receivedAt: Date;
  dueAt: Date;
  officer: string | null;
}

type Db = Knex | Knex.Transaction;

/** A stored draft (apology_drafts) with its editor's name. */
interface DraftSource {
  dossier_id: number;
  proposed_due_at: Timestamp;
  reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by_name: string | null;
}

/** A row of the head's list: the draft and the dossier's columns joined to it. */
type DraftListSource = DraftSource & Pick<DossierRow, 'code' | 'applicant_name' | 'received_at' | 'due_at'> & { procedure_name: string; officer_name: string | null };

function toDraft(r: DraftSource): DraftRow {
  return {
    dossierId: r.dossier_id,
    proposedDueAt: toDate(r.proposed_due_at),
    reason: r.reason ?? '',
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
    updatedBy: r.updated_by_name ?? null,
  };
}

export function apologyRepo(db: Db) {
  return {
    async forDossier(dossierId: number): Promise<ApologyRow | undefined> {
      const r = await db('dossier_apologies as a').leftJoin('users as u', 'u.id', 'a.issued_by').where('a.dossier_id', dossierId).first('a.*', 'u.full_name');
      if (!r) return undefined;
      return {
        issuedAt: toDate(r.issued_at),
        issuedById: r.issued_by ?? null,
        issuedBy: r.issued_by === null || r.issued_by === undefined ? null : (r.full_name ?? null),
        signerTitle: r.signer_title || null,
        number: r.number || null,
        issuedLate: Boolean(r.issued_late),
        reason: r.reason,
        previousDueAt: toDate(r.previous_due_at),
        newDueAt: toDate(r.new_due_at),
      };
    },

    /** The header of the form: the processing agency. */
    async agency(agencyId: number): Promise<IssuingAgency | undefined> {
      const a = await db('agencies').where({ id: agencyId }).first('name', 'governing_body', 'place_name');
      return a ? { name: a.name, governingBody: a.governing_body, placeName: a.place_name } : undefined;
    },

    /** The signer's name and title (users.job_title), read when the head issues. */
    async signer(userId: number): Promise<{ fullName: string; jobTitle: string } | undefined> {
      const u = await db('users').where({ id: userId }).first('full_name', 'job_title');
      return u ? { fullName: u.full_name, jobTitle: u.job_title ?? '' } : undefined;
    },

    /** The procedure's extension (working days after the appointment) for a dossier. */
    async extensionDays(dossierId: number): Promise<number> {
      const r = await oneDossier(db, { id: dossierId }).join('procedures as p', 'p.id', 'dossiers.procedure_id').first('p.apology_extension_days');
      return Number(r?.apology_extension_days ?? 0);
    },

    /**
     * The dossier's 'apology' milestone (unique per dossier), inside the caller's
     * transaction: true when this call took it, false when the dossier already has one.
     */
    async claimMilestone(dossierId: number, now: Date): Promise<boolean> {
      const rows = await db('dossier_milestones').insert({ dossier_id: dossierId, kind: 'apology', created_at: now }).onConflict(['dossier_id', 'kind']).ignore().returning('id');
      return rows.length > 0;
    },

    /**
     * The next number of the processing agency's apologies in [from, to) (its year), inside
     * the caller's transaction. On PostgreSQL the agency row is locked first, so two heads
     * issuing at once are numbered one after the other; SQLite has one writer at a time.
     */
    async nextNumber(agencyId: number, from: Date, to: Date): Promise<number> {
      if (dialect(db as Knex) === 'postgres') await db('agencies').where({ id: agencyId }).forUpdate().first('id');
      const r = await db('dossier_apologies as a')
        // eslint-disable-next-line no-restricted-syntax -- the agency's numbering sequence, not a staff view: every apology of the processing agency counts
        .join('dossiers as d', 'd.id', 'a.dossier_id')
        .where('d.processing_agency_id', agencyId)
        .whereNotNull('a.number')
        .where('a.issued_at', '>=', from)
        .where('a.issued_at', '<', to)
        .count({ n: '*' })
        .first();
      return Number((r as { n?: number | string } | undefined)?.n ?? 0) + 1;
    },

    /** Store the apology, move the dossier's appointment to the new date (version + 1), drop its draft. */
    async insert(a: {
      dossierId: number;
      issuedAt: Date;
      issuedBy: number | null;
      reason: string;
      previousDueAt: Date;
      newDueAt: Date;
      issuedLate: boolean;
      signerTitle: string | null;
      number: string;
    }): Promise<void> {
      await db('dossier_apologies').insert({
        dossier_id: a.dossierId,
        issued_at: a.issuedAt,
        issued_by: a.issuedBy,
        reason: a.reason,
        previous_due_at: a.previousDueAt,
        new_due_at: a.newDueAt,
        issued_late: a.issuedLate,
        signer_title: a.signerTitle,
        number: a.number,
      });
      await oneDossier(db, { id: a.dossierId })
        .update({ extended_due_at: a.newDueAt, updated_at: a.issuedAt, version: db.raw('version + 1') });
      await db('apology_drafts').where({ dossier_id: a.dossierId }).delete();
    },

    async draft(dossierId: number): Promise<DraftRow | undefined> {
      const r = await db('apology_drafts as x').leftJoin('users as u', 'u.id', 'x.updated_by').where('x.dossier_id', dossierId).first<DraftSource | undefined>('x.*', 'u.full_name as updated_by_name');
      return r ? toDraft(r) : undefined;
    },

    /** The job's draft: true when stored, false when the dossier already has one (an officer's, kept). */
    async insertDraftIfAbsent(dossierId: number, proposedDueAt: Date, now: Date): Promise<boolean> {
      const rows = await db('apology_drafts')
        .insert({ dossier_id: dossierId, proposed_due_at: proposedDueAt, reason: '', created_at: now, updated_at: now, updated_by: null })
        .onConflict('dossier_id')
        .ignore()
        .returning('id');
      return rows.length > 0;
    },

    /** An officer's or the head's edit of the draft (created when there is none yet). */
    async saveDraft(dossierId: number, proposedDueAt: Date, reason: string, by: number, now: Date): Promise<void> {
      await db('apology_drafts')
        .insert({ dossier_id: dossierId, proposed_due_at: proposedDueAt, reason, created_at: now, updated_at: now, updated_by: by })
        .onConflict('dossier_id')
        .merge({ proposed_due_at: proposedDueAt, reason, updated_at: now, updated_by: by });
    },

    /**
     * Drafts of open dossiers with no apology, processed or held by the staff member's
     * agency, by appointment (the most urgent first).
     */
    async draftsOfAgency(staff: StaffScope, limit = 500): Promise<DraftListRow[]> {
      const agencyId = staff.agencyId;
      const rows = await joinStaffDossiers(db('apology_drafts as x'), staff, 'x.dossier_id')
        .join('procedures as p', 'p.id', 'd.procedure_id')
        .leftJoin('users as u', 'u.id', 'x.updated_by')
        .leftJoin('users as o', 'o.id', 'd.assigned_to')
        .whereIn('d.status', [...OPEN_STATUSES])
        .whereNull('d.extended_due_at')
        .where((w) => w.where('d.processing_agency_id', agencyId).orWhere('d.assigned_agency_id', agencyId))
        .orderBy([{ column: 'd.due_at' }, { column: 'd.id' }])
        .limit(limit)
        .select<DraftListSource[]>('x.*', 'u.full_name as updated_by_name', 'd.code', 'd.applicant_name', 'd.received_at', 'd.due_at', 'p.name as procedure_name', 'o.full_name as officer_name');
      return rows.map((r) => ({
        ...toDraft(r),
        code: r.code,
        procedureName: r.procedure_name,
        applicantName: r.applicant_name,
        receivedAt: toDate(r.received_at),
        dueAt: toDate(r.due_at),
        officer: r.officer_name ?? null,
      }));
    },
  };
}
