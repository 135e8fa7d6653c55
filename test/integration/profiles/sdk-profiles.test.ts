/**
 * Profiles sent by real SDKs through ingest and the pipeline: Python's sentry-sdk 1.9 sends a
 * transaction's v1 profile with it, @sentry/profiling-node (with its own @sentry/node) the chunks of a
 * continuous profiler that the span names. Each is listed on the Profiles page, linked from its trace's
 * transaction, and its call tree holds the function that ran. A profile Relay would refuse is counted
 * as invalid with Relay's reason and not stored.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import type { CallTree, ProfileRef } from '../../../src-shared/profiles-api.ts';
import { callApi, coreForEachTest, sendEnvelope } from '../../support/core.ts';
import { PYTHON, pythonSdkMissing } from '../../support/python.ts';
import { pythonProfile } from '../../unit/profiles/fixtures.ts';

const run = promisify(execFile);
const FIXTURES = path.join(import.meta.dirname, 'fixtures');

const pythonMissing = pythonSdkMissing();
if (pythonMissing) console.warn(`skipping the Python profiling test: ${pythonMissing}`);

/** Why @sentry/profiling-node cannot profile here (its prebuilt binary does not load), or undefined. */
function profilingNodeMissing(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const profiler = createRequire(require.resolve('@sentry/profiling-node'))(
      '@sentry/node-cpu-profiler',
    ) as {
      CpuProfilerBindings?: unknown;
    };
    return profiler.CpuProfilerBindings ? undefined : '@sentry/node-cpu-profiler loaded without its bindings';
  } catch (error) {
    return `@sentry/profiling-node cannot load its native profiler here: ${(error as Error).message}`;
  }
}
const nodeMissing = profilingNodeMissing();
if (nodeMissing) console.warn(`skipping the Node continuous profiling test: ${nodeMissing}`);

function dsnOf(core: Core): string {
  return core.ctx.projects.list()[0]?.keys[0]?.dsn ?? '';
}

/** The call tree's frames named `name`, and the samples under them. */
function samplesIn(detail: { tree: CallTree }, name: string): number {
  return detail.tree.nodes
    .filter((node) => detail.tree.frames[node.frame]?.name === name)
    .reduce((sum, node) => sum + node.totalSamples, 0);
}

function getParams(ref: ProfileRef) {
  return ref.kind === 'transaction'
    ? { projectId: 1, profileId: ref.profileId }
    : { projectId: 1, profilerId: ref.profilerId, start: ref.start, end: ref.end };
}

describe('profiles of real SDKs', () => {
  const start = coreForEachTest();

  it.skipIf(pythonMissing !== undefined)(
    "Python's v1 profile: listed, linked from its transaction in the trace, busy_checkout in its main thread's tree",
    async () => {
      const core = await start();
      const { stdout } = await run(PYTHON, [path.join(FIXTURES, 'python-profiled-wsgi.py'), dsnOf(core)], {
        timeout: 30_000,
      });
      const traceId = stdout.trim();
      await core.ctx.pipeline.call('pipeline.drain', {});
      const { profiles } = await callApi(core, 'profiles.list', { projectId: 1 });
      expect(profiles).toHaveLength(1);
      const [profile] = profiles;
      expect(profile).toMatchObject({
        ref: { kind: 'transaction' },
        transactionName: 'generic WSGI request',
        traceId,
        platform: 'python',
      });
      expect(profile?.durationMs).toBeGreaterThanOrEqual(290);

      const trace = await callApi(core, 'traces.get', { projectId: 1, traceId });
      expect(trace.transactions).toHaveLength(1);
      expect(trace.transactions[0]?.eventId).toBe(profile?.transactionId);
      expect(trace.transactions[0]?.profile).toEqual(profile?.ref);

      const detail = await callApi(core, 'profiles.get', getParams(profile?.ref as ProfileRef));
      // The sampler runs on a thread of its own: the transaction's thread is shown first.
      expect(detail.threads.length).toBeGreaterThan(1);
      // The sampler thread needs the GIL the busy loop holds: it samples seldom, but it samples it.
      expect(samplesIn(detail, 'busy_checkout')).toBeGreaterThan(0);
      expect(samplesIn(detail, '_sample_stack')).toBe(0);
      const other = detail.threads.find((thread) => thread.id !== detail.threadId)?.id ?? '';
      const sampler = await callApi(core, 'profiles.get', {
        ...getParams(profile?.ref as ProfileRef),
        threadId: other,
      });
      expect(samplesIn(sampler, 'busy_checkout')).toBe(0);
      await expect(
        callApi(core, 'profiles.get', { ...getParams(profile?.ref as ProfileRef), threadId: 'nope' }),
      ).rejects.toThrow('the profile has no samples on thread nope');
    },
  );

  it.skipIf(pythonMissing !== undefined)(
    "two of Python's requests of one name: the transaction's aggregate merges both profiles' main threads",
    async () => {
      const core = await start();
      const { stdout } = await run(
        PYTHON,
        [path.join(FIXTURES, 'python-profiled-wsgi.py'), dsnOf(core), '2'],
        { timeout: 30_000 },
      );
      expect(stdout.trim().split('\n')).toHaveLength(2);
      await core.ctx.pipeline.call('pipeline.drain', {});
      const { profiles } = await callApi(core, 'profiles.list', { projectId: 1 });
      expect(profiles).toHaveLength(2);
      const [first, second] = await Promise.all(
        profiles.map((profile) => callApi(core, 'profiles.get', getParams(profile.ref))),
      );
      if (!first || !second) throw new Error('two profiles were listed');

      const aggregate = await callApi(core, 'profiles.aggregate', {
        projectId: 1,
        transaction: 'generic WSGI request',
      });
      expect(aggregate.profiles.map((profile) => profile.ref)).toEqual(
        profiles.map((profile) => profile.ref),
      );
      // Each profile's shown (main) thread, merged: its samples, and busy_checkout's, add up.
      expect(aggregate.tree.samples).toBe(first.tree.samples + second.tree.samples);
      const busyFirst = samplesIn(first, 'busy_checkout');
      const busySecond = samplesIn(second, 'busy_checkout');
      expect(Math.min(busyFirst, busySecond)).toBeGreaterThan(0);
      expect(samplesIn(aggregate, 'busy_checkout')).toBe(busyFirst + busySecond);
      // Sampled at several of its lines, busy_checkout is one frame, under app, in one node.
      const nodes = aggregate.tree.nodes.filter(
        (node) => aggregate.tree.frames[node.frame]?.name === 'busy_checkout',
      );
      expect(nodes).toHaveLength(1);
      expect(aggregate.tree.frames[aggregate.tree.nodes[nodes[0]?.parent ?? -1]?.frame ?? -1]?.name).toBe(
        'app',
      );
      expect(samplesIn(aggregate, '_sample_stack')).toBe(0);
      expect(aggregate.partial).toBe(false);
    },
  );

  it.skipIf(nodeMissing !== undefined)(
    "@sentry/profiling-node's chunks: the span's profile over its time, busyCheckout in it",
    async () => {
      const core = await start();
      const { stdout } = await run(
        process.execPath,
        [path.join(FIXTURES, 'node-profiled.mjs'), dsnOf(core)],
        {
          timeout: 30_000,
        },
      );
      const traceId = stdout.trim();
      await core.ctx.pipeline.call('pipeline.drain', {});
      const { profiles } = await callApi(core, 'profiles.list', { projectId: 1 });
      const profile = profiles.find((row) => row.transactionName === 'checkout');
      expect(profile).toMatchObject({ ref: { kind: 'continuous' }, traceId, platform: 'node' });
      expect(profile?.durationMs).toBeGreaterThanOrEqual(390);

      const trace = await callApi(core, 'traces.get', { projectId: 1, traceId });
      expect(trace.transactions.map((row) => [row.name, row.profile])).toEqual([['checkout', profile?.ref]]);

      const detail = await callApi(core, 'profiles.get', getParams(profile?.ref as ProfileRef));
      expect(detail.summary.transactionName).toBe('checkout');
      expect(samplesIn(detail, 'busyCheckout')).toBeGreaterThan(10);
      const busy = detail.tree.frames.find((frame) => frame.name === 'busyCheckout');
      expect(busy).toMatchObject({ inApp: true, file: expect.stringContaining('node-profiled.mjs') });
      // The SDK's own frames are no part of the app.
      expect(
        detail.tree.frames.filter((frame) => frame.file?.includes('/node_modules/')).every((f) => !f.inApp),
      ).toBe(true);
    },
  );

  it('a profile whose sample names a missing stack is refused as Relay refuses it, and not listed', async () => {
    const core = await start();
    const profile = pythonProfile();
    const samples = (profile.profile as { samples: Array<{ stack_id: number }> }).samples;
    (samples[0] as { stack_id: number }).stack_id = 42;
    const envelope = [
      JSON.stringify({ event_id: profile.event_id }),
      JSON.stringify({ type: 'profile' }),
      JSON.stringify(profile),
    ].join('\n');
    await sendEnvelope(core, envelope);
    const outcomes = await callApi(core, 'outcomes.list', { projectId: 1 });
    expect(
      outcomes
        .filter((row) => row.category === 'profile')
        .map(({ outcome, reason, quantity }) => ({ outcome, reason, quantity })),
    ).toEqual([{ outcome: 'invalid', reason: 'profiling_malformed_samples', quantity: 1 }]);
    expect((await callApi(core, 'profiles.list', { projectId: 1 })).profiles).toEqual([]);
  });
});
