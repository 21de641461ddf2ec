/**
 * The word index behind staff search: the folded words of the applicant's name and the
 * searchable parts of the dossier code, one row per word, written with the dossier
 * (src/domain/search-words.ts says which words).
 */
import type { Knex } from 'knex';
import { dossierSearchWords } from '../../domain/search-words.js';

export const SEARCH_WORDS_TABLE = 'dossier_search_words';

/** Index (or re-index) one dossier's words inside the caller's transaction. */
export async function indexDossierWords(db: Knex | Knex.Transaction, dossierId: number, text: { name: string; code: string }): Promise<void> {
  await db(SEARCH_WORDS_TABLE).where({ dossier_id: dossierId }).delete();
  const words = dossierSearchWords(text);
  if (words.length > 0) await db(SEARCH_WORDS_TABLE).insert(words.map((word) => ({ dossier_id: dossierId, word })));
}
