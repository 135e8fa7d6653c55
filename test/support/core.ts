/** A real core (SQLite, the DuckDB pipeline worker, HTTP on a free loopback port) in a temp data dir. */
import { afterEach } from 'vitest';
import { type Core, createCore } from '../../src-main/core/core.ts';
import { createLogger } from '../../src-main/core/log.ts';
import { tempDir } from './serve.ts';

export function startCore(dataDir: string = tempDir()): Promise<Core> {
  return createCore({ dataDir, port: 0, mode: 'headless', log: createLogger({ quiet: true }) });
}

/** Returns `start()`, which starts a core for the current test; it is closed after the test. */
export function coreForEachTest(): () => Promise<Core> {
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });
  return async () => {
    core = await startCore();
    return core;
  };
}
