/**
 * The file store's housekeeping (registered in src/jobs.ts): temporary files a crash left
 * mid-upload (older than an hour), and stored files no row references any more (older than a
 * day, so an upload whose form is still being saved is never taken).
 */
import { defineJob } from '../jobs/job.js';
import { referencedHashes, type FileReference } from './file-references.repo.js';
import type { FileStore } from './file-store.js';

export interface FilesJobWiring {
  deps: { db: Parameters<typeof referencedHashes>[0] };
  files: FileStore;
  fileReferences: readonly FileReference[];
}

const HOUR = 3600_000;

export const filesJob = defineJob({
  name: 'files',
  label: 'Dọn tệp tạm và tệp không còn hồ sơ nào dùng',
  counters: { temp_files_removed: 'Tệp tải lên dở dang đã xóa', orphan_files_removed: 'Tệp không còn được dùng đã xóa' },
  schedule: { variable: 'JOB_SCHEDULE_FILES', default: '43 2 * * *' },
  run: async (ctx, w: FilesJobWiring) => {
    const temp = await w.files.sweepTemp(ctx.now, HOUR);
    const used = await referencedHashes(w.deps.db, w.fileReferences);
    let orphans = 0;
    for await (const hash of w.files.hashes()) {
      if (used.has(hash)) continue;
      const at = await w.files.storedAt(hash);
      if (at && ctx.now.getTime() - at.getTime() > 24 * HOUR) {
        await w.files.remove(hash);
        orphans++;
      }
    }
    return { temp_files_removed: temp, orphan_files_removed: orphans };
  },
});
