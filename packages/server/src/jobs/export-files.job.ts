import { EXPORT_FILE_HOURS, purgeExportFiles } from '../services/export-file.service.js';
import type { Job, JobContext } from './scheduler.js';

/**
 * Delete the background exports past their day (the 下载中心 keeps a file EXPORT_FILE_HOURS hours): the files hold
 * names and masked numbers, sealed, and nobody should find them a week later. Cheap (an indexed delete), every tick.
 */
export const EXPORT_FILES_JOB = 'export-files-expiry';

export function exportFilesJob(): Job {
  return {
    name: EXPORT_FILES_JOB,
    async run(ctx: JobContext): Promise<string> {
      const n = await purgeExportFiles(ctx);
      return n ? `deleted ${n} export files older than ${EXPORT_FILE_HOURS} hours` : 'nothing due';
    },
  };
}
