/**
 * The check of a file store against a database (a restore, a backup): every file a row
 * references must be in the store and still hash to its name; every stored file must hash to
 * its name. Problems are named by the rows that hold them (`dossier_files 12 "Giấy khai
 * sinh.pdf"`) so an operator knows which documents to recover.
 */
import { referencedHashes, rowsHolding, type FileReference } from './file-references.repo.js';
import type { FileStore } from './file-store.js';

export interface FileProblem {
  sha256: string;
  problem: 'missing' | 'damaged';
  /** The rows holding it; empty for a damaged file nothing references. */
  rows: string[];
}

export interface FileCheck {
  /** Distinct hashes the database references. */
  referenced: number;
  /** Files in the store. */
  stored: number;
  problems: FileProblem[];
}

export async function checkFiles(db: Parameters<typeof referencedHashes>[0], store: FileStore, refs: readonly FileReference[]): Promise<FileCheck> {
  const used = await referencedHashes(db, refs);
  const found: Array<Omit<FileProblem, 'rows'>> = [];
  const seen = new Set<string>();
  let stored = 0;
  for await (const hash of store.hashes()) {
    stored++;
    seen.add(hash);
    if (!(await store.verify(hash))) found.push({ sha256: hash, problem: 'damaged' });
  }
  for (const hash of [...used].sort()) if (!seen.has(hash)) found.push({ sha256: hash, problem: 'missing' });
  const holders = await rowsHolding(db, refs, found.map((p) => p.sha256));
  return { referenced: used.size, stored, problems: found.map((p) => ({ ...p, rows: holders.get(p.sha256) ?? [] })) };
}

/** One line per problem, for a command's output. */
export function problemLines(problems: readonly FileProblem[]): string[] {
  return problems.map((p) => `${p.problem === 'missing' ? 'MISSING' : 'DAMAGED'} ${p.sha256}${p.rows.length ? `: ${p.rows.join(', ')}` : ' (no row references it)'}`);
}
