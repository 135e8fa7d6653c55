/**
 * Where a worker thread starts: its TypeScript source when the caller runs from sources (tests,
 * benches), else the build's entry for that thread (`out/main/<name>.js`), looked up from the
 * caller's bundle file or chunk.
 */
import fs from 'node:fs';

/** `callerUrl`: the caller's `import.meta.url`; `source` relative to it; `built`: the entry's file name. */
export function threadEntry(callerUrl: string, source: string, built: string): URL {
  if (callerUrl.endsWith('.ts')) return new URL(source, callerUrl);
  for (const candidate of [`./${built}`, `../${built}`]) {
    const url = new URL(candidate, callerUrl);
    if (fs.existsSync(url)) return url;
  }
  throw new Error(`the thread bundle ${built} is missing: run \`npm run build\``);
}
