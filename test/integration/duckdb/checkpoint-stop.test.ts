/**
 * The idle checkpoint and the index's close: `stop` must wait for a checkpoint the idle timer
 * already started, because the worker closes DuckDB right after it (closing DuckDB under a running
 * statement crashed or hung the process; CI saw sporadic SIGSEGVs in tests that start and close a
 * core per test).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createCheckpointScheduler } from '../../../src-main/core/store/duckdb/checkpoint.ts';
import { type EventIndex, openEventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

it('stop waits for the checkpoint the idle timer started before it returns', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-checkpoint-'));
  dirs.push(dir);
  const real = await openEventIndex(path.join(dir, 'events.duckdb'));
  const steps: string[] = [];
  // The real index, its writer's work slowed so that the checkpoint is still running when stop comes.
  const index: EventIndex = {
    ...real,
    exclusive: (work) =>
      real.exclusive(async (writer) => {
        steps.push('checkpoint started');
        await new Promise((resolve) => setTimeout(resolve, 100));
        const result = await work(writer);
        steps.push('checkpoint done');
        return result;
      }),
  };
  const scheduler = createCheckpointScheduler(index, 5);
  scheduler.noteWrite();
  while (!steps.includes('checkpoint started')) await new Promise((resolve) => setTimeout(resolve, 2));
  await scheduler.stop();
  steps.push('stopped');
  real.close();
  expect(steps).toEqual(['checkpoint started', 'checkpoint done', 'stopped']);
});
