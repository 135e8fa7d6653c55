/**
 * Ingest wakes the pipeline only while it sleeps (PipelineController.wake): no commit may be left
 * waiting for the idle poll. The poll is set to a minute here, so an event left unwoken would make
 * these tests time out instead of passing a second later.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { startCore } from '../../support/core.ts';
import { tempDir } from '../../support/serve.ts';

const SAMPLE = path.resolve(
  import.meta.dirname,
  '../../../resources/sample-envelopes/node-v11-event-exception.envelope',
);
let core: Core;
let key: string;
let processed = 0;

beforeAll(async () => {
  core = await startCore(tempDir(), { pipelineIdlePollMs: 60_000 });
  key = core.ctx.projects.list()[0]?.keys[0]?.publicKey ?? '';
  core.ctx.pipeline.onBatch((summary) => {
    processed += summary.processed;
  });
  // The worker has started (and found the queue empty).
  await core.ctx.pipeline.call('pipeline.drain', {});
});
afterAll(() => core?.close());

let sent = 0;
async function send(): Promise<void> {
  const id = (++sent).toString(16).padStart(32, 'a');
  const body = fs.readFileSync(SAMPLE, 'utf8').replace(/"event_id":"[0-9a-f]{32}"/g, `"event_id":"${id}"`);
  const response = await fetch(`${core.url}/api/1/envelope/?sentry_key=${key}&sentry_version=7`, {
    method: 'POST',
    body,
  });
  expect(response.status).toBe(200);
}

async function processedReaches(count: number): Promise<void> {
  while (processed < count) await new Promise((resolve) => setTimeout(resolve, 10));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('an event after a pause wakes the sleeping worker', { timeout: 30_000 }, async () => {
  for (let round = 1; round <= 4; round++) {
    // Long enough for the worker to find the queue empty and go to sleep.
    await sleep(300);
    const wakes = core.ctx.pipeline.wakesPosted;
    await send();
    await processedReaches(round);
    expect(core.ctx.pipeline.wakesPosted).toBeGreaterThan(wakes);
  }
});

it('a burst from many connections is processed in full', { timeout: 60_000 }, async () => {
  const before = processed;
  await Promise.all(Array.from({ length: 300 }, () => send()));
  await processedReaches(before + 300);
  expect(processed).toBe(before + 300);
});
