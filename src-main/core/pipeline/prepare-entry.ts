/**
 * Where a prepare thread starts (prepare-thread.ts), known without loading it: the pipeline worker
 * starts its prepare threads before it loads anything else (worker.ts), and the thread loads the
 * step-1 code itself.
 */
import { threadEntry } from '../thread-entry.ts';

export const PREPARE_ROLE = 'faultline.pipeline-prepare';

export interface PrepareThreadData {
  role: typeof PREPARE_ROLE;
}

/** prepare-thread.ts beside this file when run from source; the built entry (prepare-thread.js) in a bundle. */
export function prepareThreadEntry(): URL {
  return threadEntry(import.meta.url, './prepare-thread.ts', 'prepare-thread.js');
}
