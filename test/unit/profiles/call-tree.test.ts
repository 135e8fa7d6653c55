/**
 * The call tree a flame graph draws: stacks read root first, each sample weighing the time until the
 * next, self time where a stack ends, nodes depth first with the heaviest child first; chunks of one
 * profiler merged into one profile over a transaction's time span.
 */
import { describe, expect, it } from 'vitest';
import {
  aggregateCallTree,
  buildCallTree,
  defaultThread,
  profileThreads,
  sampleWeights,
} from '../../../src-main/core/profiles/call-tree.ts';
import { type DecodedProfile, decodeProfile } from '../../../src-main/core/profiles/decode.ts';
import { mergeChunks } from '../../../src-main/core/profiles/read.ts';
import type { CallTree } from '../../../src-shared/profiles-api.ts';
import { nodeChunk, pythonProfile } from './fixtures.ts';

/** A profile of three frames: main → work → leaf, on thread 1; samples at the given times. */
function small(samples: Array<[stack: number, at: number]>): DecodedProfile {
  const frame = (name: string) => ({ name, file: 'app.js', line: 1, column: 1, inApp: true });
  return {
    version: '1',
    platform: 'javascript',
    id: null,
    profilerId: null,
    startedAt: 0,
    transaction: null,
    frames: [frame('main'), frame('work'), frame('leaf')],
    // Leaf first, as sent: [main], [work, main], [leaf, work, main], [] (idle).
    stacks: [[0], [1, 0], [2, 1, 0], []],
    samples: samples.map(([stackId, at]) => ({ stackId, threadId: '1', at })),
    threadNames: new Map([['1', 'main']]),
  };
}

const named = (tree: CallTree) =>
  tree.nodes.map((node) => ({
    name: tree.frames[node.frame]?.name,
    depth: node.depth,
    parent: node.parent,
    totalSamples: node.totalSamples,
    selfSamples: node.selfSamples,
    totalMs: node.totalMs,
    selfMs: node.selfMs,
  }));

describe('the call tree of a thread', () => {
  it('weighs each sample by the time to the next, the last by the mean interval', () => {
    expect(
      sampleWeights(
        small([
          [0, 0],
          [0, 10],
          [0, 40],
        ]).samples,
      ),
    ).toEqual([10, 30, 20]);
    expect(sampleWeights(small([[0, 5]]).samples)).toEqual([0]);
  });

  it('adds each stack root first, total along the path and self where it ends; idle samples in no node', () => {
    const profile = small([
      [2, 0],
      [2, 10],
      [1, 20],
      [3, 30],
      [0, 40],
    ]);
    const tree = buildCallTree(profile, profile.samples, '1');
    expect(tree.samples).toBe(5);
    expect(tree.durationMs).toBe(50);
    expect(named(tree)).toEqual([
      { name: 'main', depth: 0, parent: -1, totalSamples: 4, selfSamples: 1, totalMs: 40, selfMs: 10 },
      { name: 'work', depth: 1, parent: 0, totalSamples: 3, selfSamples: 1, totalMs: 30, selfMs: 10 },
      { name: 'leaf', depth: 2, parent: 1, totalSamples: 2, selfSamples: 2, totalMs: 20, selfMs: 20 },
    ]);
  });

  it('lists the heavier child first under a parent', () => {
    const profile = small([
      [1, 0],
      [0, 10],
      [0, 20],
      [0, 30],
    ]);
    profile.frames.push({ name: 'other', file: null, line: null, column: null, inApp: false });
    profile.stacks.push([3, 0]);
    profile.samples.push({ stackId: 4, threadId: '1', at: 40 }, { stackId: 4, threadId: '1', at: 50 });
    const tree = buildCallTree(profile, profile.samples, '1');
    expect(named(tree).map((node) => node.name)).toEqual(['main', 'other', 'work']);
  });

  it("Python's profile: the busy function under the app, on the transaction's active thread", () => {
    const profile = decodeProfile('profile', pythonProfile());
    const threads = profileThreads(profile, profile.samples);
    const thread = defaultThread(profile, threads);
    expect(thread).toBe(profile.transaction?.activeThreadId);
    const tree = buildCallTree(profile, profile.samples, thread ?? '');
    const nodes = named(tree);
    const busy = nodes.find((node) => node.name === 'busy_checkout');
    const app = nodes.find((node) => node.name === 'app');
    expect(busy?.selfSamples).toBeGreaterThan(0);
    expect(busy?.depth).toBe((app?.depth ?? -5) + 1);
    // The sampler's own thread is another thread, not in this tree.
    expect(nodes.some((node) => node.name === '_sample_stack')).toBe(false);
  });
});

describe('the aggregate of several profiles', () => {
  it('merges a function sampled at other lines or in another profile into one node, weighed by samples', () => {
    // Profile A samples main → work → leaf twice 10 ms apart; B samples work at another line, 100 ms apart.
    const a = small([
      [2, 0],
      [2, 10],
    ]);
    const b = small([
      [1, 0],
      [1, 100],
      [0, 200],
    ]);
    b.frames[1] = { name: 'work', file: 'app.js', line: 7, column: 1, inApp: true };
    const tree = aggregateCallTree([
      { profile: a, threadId: '1' },
      { profile: b, threadId: '1' },
    ]);
    expect(tree.weight).toBe('samples');
    expect(tree.samples).toBe(5);
    // Each profile's time beside: A 10 + 10 (the mean interval), B 100 + 100 + 100.
    expect(tree.durationMs).toBe(320);
    expect(
      named(tree).map(({ name, totalSamples, selfSamples }) => [name, totalSamples, selfSamples]),
    ).toEqual([
      ['main', 5, 1],
      ['work', 4, 2],
      ['leaf', 2, 2],
    ]);
    // `work` was sampled at lines 1 and 7: the merged frame keeps neither; `main`, at line 1 in both, keeps it.
    expect(tree.frames.map((frame) => [frame.name, frame.line])).toEqual([
      ['main', 1],
      ['work', null],
      ['leaf', 1],
    ]);
  });

  it('keeps frames of the same function in other files apart', () => {
    const a = small([[1, 0]]);
    const b = small([[1, 0]]);
    b.frames[1] = { name: 'work', file: 'vendor/work.js', line: 1, column: 1, inApp: false };
    const tree = aggregateCallTree([
      { profile: a, threadId: '1' },
      { profile: b, threadId: '1' },
    ]);
    expect(named(tree).map(({ name, depth, totalSamples }) => [name, depth, totalSamples])).toEqual([
      ['main', 0, 2],
      ['work', 1, 1],
      ['work', 1, 1],
    ]);
    expect(tree.frames.filter((frame) => frame.name === 'work').map((frame) => frame.file)).toEqual([
      'app.js',
      'vendor/work.js',
    ]);
  });
});

describe('chunks of one profiler', () => {
  it("are one profile over a transaction's span: repeated frames made one, samples outside left out", () => {
    const chunk = decodeProfile('profile_chunk', nodeChunk());
    const times = chunk.samples.map((sample) => sample.at);
    const start = Math.min(...times);
    const end = Math.max(...times);
    const twice = mergeChunks([chunk, chunk], start, end);
    expect(twice.frames.length).toBeLessThanOrEqual(chunk.frames.length);
    expect(twice.samples.length).toBe(chunk.samples.length * 2);
    const middle = (start + end) / 2;
    const half = mergeChunks([chunk], start, middle);
    expect(half.samples.length).toBe(chunk.samples.filter((sample) => sample.at <= middle).length);
    const tree = buildCallTree(twice, twice.samples, '0');
    const busy = tree.nodes.filter((node) => tree.frames[node.frame]?.name === 'busyCheckout');
    // The same call path in both chunks is one node, with both chunks' samples.
    expect(busy.length).toBe(1);
    const once = buildCallTree(chunk, chunk.samples, '0');
    const busyOnce = once.nodes.find((node) => once.frames[node.frame]?.name === 'busyCheckout');
    expect(busy[0]?.totalSamples).toBe((busyOnce?.totalSamples ?? 0) * 2);
  });
});
