/**
 * Where a worker thread starts: its TypeScript source when the caller runs from sources (tests,
 * benches), else the build's entry for that thread (`out/main/<name>.js`), looked up from the
 * caller's bundle file or chunk.
 */
import fs from 'node:fs';

/**
 * `callerUrl`: the caller's `import.meta.url`; `source` relative to it; `built`: the entry's file
 * name; `orElse`: what to start when the build has no such entry (by default that is an error).
 */
export function threadEntry(callerUrl: string, source: string, built: string, orElse?: URL): URL {
  if (callerUrl.endsWith('.ts')) return new URL(source, callerUrl);
  for (const candidate of [`./${built}`, `../${built}`]) {
    const url = new URL(candidate, callerUrl);
    if (fs.existsSync(url)) return url;
  }
  if (orElse) return orElse;
  throw new Error(`the thread bundle ${built} is missing: run \`npm run build\``);
}
