/**
 * The composition root of file storage: the one file store (configuration `files`) and every
 * column that references a stored file, by feature. A feature that keeps files adds its columns
 * here; the `files` job removes stored files none of them references (docs/development/files.md).
 */
import type { Config } from './config.js';
import type { FileReference } from './platform/files/file-references.repo.js';
import { fileStore, type FileStore } from './platform/files/file-store.js';

export const FILE_REFERENCES: readonly FileReference[] = [
  // A dossier's documents and its result (migrations/20261210005000_dossier_files.ts).
  { table: 'dossier_files', column: 'sha256', nameColumn: 'name' },
  // Online pre-submissions' documents until received, refused or expired (migrations/20261210010000_online_presubmissions.ts).
  { table: 'presubmission_documents', column: 'sha256' },
];

export function buildFileStore(config: Pick<Config, 'files'>): FileStore {
  const { dir, maxFileBytes, image } = config.files;
  return fileStore({ dir, maxFileBytes, image });
}
