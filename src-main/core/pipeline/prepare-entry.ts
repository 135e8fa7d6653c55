/**
 * Where a prepare thread starts (prepare-thread.ts), known without loading it: the pipeline worker
 * starts its prepare threads before it loads anything else (worker.ts), and the thread loads the
 * step-1 code itself.
 */
import fs from 'node:fs';

export const PREPARE_ROLE = 'faultline.pipeline-prepare';

export interface PrepareThreadData {
  role: typeof PREPARE_ROLE;
}

/** prepare-thread.ts beside this file when run from source; the built entry (prepare-thread.js) in a bundle. */
export function prepareThreadEntry(): URL {
  if (import.meta.url.endsWith('.ts')) return new URL('./prepare-thread.ts', import.meta.url);
  for (const candidate of ['./prepare-thread.js', '../prepare-thread.js']) {
    const url = new URL(candidate, import.meta.url);
    if (fs.existsSync(url)) return url;
  }
  throw new Error('the prepare thread bundle (prepare-thread.js) is missing: run `npm run build`');
}
