import { expireRegistryPreviews } from '../services/registry-import.service.js';
import type { Job, JobContext } from './scheduler.js';

/**
 * Discard register-import previews left uncommitted for `days` (issue 14 §4): their staged rows hold the file's ID
 * numbers and names. Cheap (an indexed look at a few rows), so it runs at every tick.
 */
export const REGISTRY_PREVIEW_JOB = 'registry-preview-expiry';

export function registryPreviewJob(days: number): Job {
  return {
    name: REGISTRY_PREVIEW_JOB,
    async run(ctx: JobContext): Promise<string> {
      const n = await expireRegistryPreviews(ctx.store, ctx.now(), days);
      if (n)
        ctx.log(`放弃 ${n} 个超过 ${days} 天未导入的预览 / discarded ${n} import previews older than ${days} days`);
      return n ? `discarded ${n}` : 'nothing due';
    },
  };
}
