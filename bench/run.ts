/**
 * `npm run bench [-- NAME... [-- OPTION...]]`: runs each benchmark in its own Node process (so one's
 * heap does not colour another's RSS) and lets it print its table. Without a name, runs them all.
 * What follows a second `--` is passed to each benchmark (`npm run bench -- ui-pages -- --runs 3`).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const here = import.meta.dirname;
const available = fs
  .readdirSync(here)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !/^[_.]/.test(file))
  .map((file) => file.replace(/\.ts$/, ''))
  .sort();

const args = process.argv.slice(2);
const split = args.indexOf('--');
const wanted = split === -1 ? args : args.slice(0, split);
const options = split === -1 ? [] : args.slice(split + 1);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}

// Benches run the sources and start threads from them: the flag that keeps V8 from crashing there
// now and then (see vitest.config.ts).
const NODE_FLAGS = ['--wasm-wrapper-tiering-budget=2147483647'];

let failed = 0;
for (const name of wanted.length > 0 ? wanted : available) {
  console.log(`\n== bench: ${name} ==`);
  const result = spawnSync(process.execPath, [...NODE_FLAGS, path.join(here, `${name}.ts`), ...options], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
