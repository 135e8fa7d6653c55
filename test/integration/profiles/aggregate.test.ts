/**
 * `profiles.aggregate`: the profiles of one transaction name merged into one call tree, as the Profiles
 * tab of Sentry's transaction summary draws it. Transactions and their profiles go through ingest and
 * the pipeline as an SDK sends them: hand-built v1 profiles (a transaction's own) and a continuous
 * profiler's chunk, with known stacks and sample counts, so that every weight of the merged tree can be
 * worked out by hand. Frames merge by function and file (the line sampled does not split them), boxes
 * weigh samples, each profile counts its main thread only, and only the newest profiles are read.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { type CallTree, MAX_AGGREGATED_PROFILES } from '../../../src-shared/profiles-api.ts';
import { callApi, coreForEachTest, sendEnvelope } from '../../support/core.ts';

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const MAIN_THREAD = '7';
const OTHER_THREAD = '9';

/** Frames of the app: main (app.py) → handle (app.py) → query (db.py) or render (views.py). */
const FRAMES = {
  main: { function: 'main', abs_path: '/srv/app.py', lineno: 3, in_app: true },
  handle: { function: 'handle', abs_path: '/srv/app.py', lineno: 10, in_app: true },
  handleLater: { function: 'handle', abs_path: '/srv/app.py', lineno: 12, in_app: true },
  query: { function: 'query', abs_path: '/usr/lib/python3/dist-packages/db.py', lineno: 40, in_app: false },
  render: { function: 'render', abs_path: '/srv/views.py', lineno: 7, in_app: true },
  poll: { function: 'poll', abs_path: '/srv/worker.py', lineno: 1, in_app: true },
};
type FrameName = keyof typeof FRAMES;

/** Stacks root first here (the profile lists them leaf first), each sampled `count` times on `thread`. */
interface Sampled {
  stack: FrameName[];
  count: number;
  thread?: string;
}

/** A v1 profile of the transaction `n`, its samples 10 ms apart within the transaction. */
function v1Profile(n: number, name: string, start: number, sampled: Sampled[]) {
  const names = Object.keys(FRAMES) as FrameName[];
  const samples: Array<{ elapsed_since_start_ns: string; thread_id: string; stack_id: number }> = [];
  sampled.forEach(({ count, thread }, stackId) => {
    for (let i = 0; i < count; i++)
      samples.push({
        elapsed_since_start_ns: String((samples.length + 1) * 10_000_000),
        thread_id: thread ?? MAIN_THREAD,
        stack_id: stackId,
      });
  });
  return {
    event_id: hex(1000 + n, 32),
    version: '1',
    platform: 'python',
    timestamp: new Date(start).toISOString(),
    profile: {
      frames: names.map((frame) => FRAMES[frame]),
      stacks: sampled.map(({ stack }) => stack.map((frame) => names.indexOf(frame)).reverse()),
      samples,
      thread_metadata: { [MAIN_THREAD]: { name: 'MainThread' }, [OTHER_THREAD]: { name: 'sampler' } },
    },
    transactions: [
      {
        id: hex(n, 32),
        name,
        trace_id: hex(n, 32),
        relative_start_ns: '0',
        relative_end_ns: String((samples.length + 2) * 10_000_000),
        active_thread_id: MAIN_THREAD,
      },
    ],
  };
}

function transaction(n: number, name: string, start: number, ms: number, contexts: object = {}) {
  return {
    event_id: hex(n, 32),
    type: 'transaction',
    platform: 'python',
    transaction: name,
    start_timestamp: start / 1000,
    timestamp: (start + ms) / 1000,
    contexts: { trace: { trace_id: hex(n, 32), span_id: hex(n, 16), op: 'http.server' }, ...contexts },
    spans: [],
  };
}

/** An envelope as an SDK sends it: the event's id (the first item's) in its header. */
const envelope = (items: Array<[type: string, payload: Record<string, unknown>]>) =>
  [
    JSON.stringify({ event_id: items[0]?.[1].event_id }),
    ...items.flatMap(([type, payload]) => [JSON.stringify({ type }), JSON.stringify(payload)]),
  ].join('\n');

/** Sends transaction `n` named `name`, started `ago` ms ago, with its v1 profile when `sampled` is given. */
async function sendProfiled(core: Core, n: number, name: string, ago: number, sampled?: Sampled[]) {
  const start = Date.now() - ago;
  const items: Array<[string, Record<string, unknown>]> = [['transaction', transaction(n, name, start, 200)]];
  if (sampled) items.push(['profile', v1Profile(n, name, start, sampled)]);
  await sendEnvelope(core, envelope(items));
}

/** Each node as `path: total samples / self samples`, the path of function names from the root. */
function weights(tree: CallTree): Record<string, string> {
  const paths: string[] = [];
  const shown: Record<string, string> = {};
  for (const [index, node] of tree.nodes.entries()) {
    const name = tree.frames[node.frame]?.name ?? '?';
    paths[index] = node.parent === -1 ? name : `${paths[node.parent]} > ${name}`;
    shown[paths[index] as string] = `${node.totalSamples}/${node.selfSamples}`;
  }
  return shown;
}

describe('the aggregate flame graph of a transaction', () => {
  const start = coreForEachTest();

  it("merges the newest profiles of the name by function and file, weighing samples, each profile's main thread only", async () => {
    const core = await start();
    await sendProfiled(core, 1, 'GET /report', 60_000, [
      { stack: ['main', 'handle', 'query'], count: 3 },
      { stack: ['main', 'handle', 'render'], count: 1 },
      { stack: ['main'], count: 1 },
      // The sampler's own thread is no part of the transaction's tree.
      { stack: ['poll'], count: 4, thread: OTHER_THREAD },
    ]);
    await sendProfiled(core, 2, 'GET /report', 30_000, [
      // `handle` sampled at another line: still the same function.
      { stack: ['main', 'handleLater', 'query'], count: 2 },
      { stack: ['main', 'handle', 'render'], count: 2 },
    ]);
    // Another name's profile, and a transaction of the name without one: neither is merged.
    await sendProfiled(core, 3, 'GET /other', 20_000, [{ stack: ['main', 'poll'], count: 5 }]);
    await sendProfiled(core, 4, 'GET /report', 10_000);

    const aggregate = await callApi(core, 'profiles.aggregate', { projectId: 1, transaction: 'GET /report' });
    expect(weights(aggregate.tree)).toEqual({
      main: '9/1',
      'main > handle': '8/0',
      'main > handle > query': '5/5',
      'main > handle > render': '3/3',
    });
    expect(aggregate.tree).toMatchObject({ samples: 9, weight: 'samples' });
    // Sampled at lines 10 and 12, `handle` keeps neither.
    expect(aggregate.tree.frames.find((frame) => frame.name === 'handle')).toMatchObject({
      file: '/srv/app.py',
      line: null,
      inApp: true,
    });
    expect(aggregate.tree.frames.find((frame) => frame.name === 'query')?.inApp).toBe(false);
    // The profiles it was made of, newest first, each opening its own flame graph.
    expect(
      aggregate.profiles.map((profile) => [profile.ref, profile.transactionId, profile.samples]),
    ).toEqual([
      [{ kind: 'transaction', profileId: hex(1002, 32) }, hex(2, 32), 4],
      [{ kind: 'transaction', profileId: hex(1001, 32) }, hex(1, 32), 9],
    ]);
    expect(aggregate.partial).toBe(false);
    const one = await callApi(core, 'profiles.get', { projectId: 1, profileId: hex(1002, 32) });
    expect(one.tree.samples).toBe(4);

    const other = await callApi(core, 'profiles.aggregate', { projectId: 1, transaction: 'GET /other' });
    expect(weights(other.tree)).toEqual({ main: '5/0', 'main > poll': '5/5' });
    const none = await callApi(core, 'profiles.aggregate', { projectId: 1, transaction: 'GET /none' });
    expect(none).toEqual({
      tree: { frames: [], nodes: [], samples: 0, durationMs: 0, weight: 'samples' },
      profiles: [],
      partial: false,
    });
  });

  it("a continuous profiler's samples within the transaction join the v1 profiles' of the same name", async () => {
    const core = await start();
    await sendProfiled(core, 1, 'task', 60_000, [{ stack: ['main', 'handle', 'query'], count: 2 }]);
    const profilerId = hex(77, 32);
    const began = Date.now() - 5_000;
    const sampleAt = (ms: number, stack: number) => ({
      timestamp: (began + ms) / 1000,
      thread_id: '0',
      stack_id: stack,
    });
    const chunk = {
      version: '2',
      platform: 'node',
      profiler_id: profilerId,
      chunk_id: hex(78, 32),
      profile: {
        // handle (same function and file as the v1 profile's) → query; and outside the transaction, render.
        frames: [FRAMES.main, FRAMES.handle, FRAMES.query, FRAMES.render],
        stacks: [
          [2, 1, 0],
          [3, 0],
        ],
        samples: [sampleAt(0, 1), sampleAt(100, 0), sampleAt(110, 0), sampleAt(120, 0), sampleAt(400, 1)],
        thread_metadata: { '0': { name: 'main' } },
      },
    };
    const streamed = transaction(2, 'task', began + 50, 150, { profile: { profiler_id: profilerId } });
    await sendEnvelope(core, envelope([['transaction', streamed]]));
    await sendEnvelope(core, envelope([['profile_chunk', chunk]]));

    const aggregate = await callApi(core, 'profiles.aggregate', { projectId: 1, transaction: 'task' });
    expect(weights(aggregate.tree)).toEqual({
      main: '5/0',
      'main > handle': '5/0',
      'main > handle > query': '5/5',
    });
    expect(aggregate.profiles.map((profile) => profile.ref.kind)).toEqual(['continuous', 'transaction']);
    expect(aggregate.profiles[0]).toMatchObject({
      transactionName: 'task',
      transactionId: hex(2, 32),
      samples: 3,
    });
  });

  it(`reads only the newest ${MAX_AGGREGATED_PROFILES} profiles of the name, and says older ones were left out`, async () => {
    const core = await start();
    for (let n = 1; n <= MAX_AGGREGATED_PROFILES + 2; n++)
      await sendProfiled(core, n, 'GET /busy', 100_000 - n * 1_000, [
        { stack: ['main'], count: n === 1 ? 50 : 1 },
      ]);
    const aggregate = await callApi(core, 'profiles.aggregate', { projectId: 1, transaction: 'GET /busy' });
    expect(aggregate.partial).toBe(true);
    expect(aggregate.profiles).toHaveLength(MAX_AGGREGATED_PROFILES);
    expect(aggregate.profiles[0]?.transactionId).toBe(hex(MAX_AGGREGATED_PROFILES + 2, 32));
    // The two oldest (one of them with 50 samples) are not in the tree.
    expect(weights(aggregate.tree)).toEqual({
      main: `${MAX_AGGREGATED_PROFILES}/${MAX_AGGREGATED_PROFILES}`,
    });
  });

  it('refuses a request without a transaction name', async () => {
    const core = await start();
    await expect(
      callApi(core, 'profiles.aggregate', { projectId: 1, transaction: '' } as never),
    ).rejects.toThrow(/transaction/);
  });
});
