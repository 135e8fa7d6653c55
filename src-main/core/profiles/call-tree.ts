/**
 * The call tree of one thread of a profile, as Sentry's flame graph draws it: each sample's stack
 * (leaf first as sent, read root first here) adds its weight to every node along its path; a node is
 * one frame called from one parent node. A sample stands for the time until the thread's next sample
 * (the last one, for the mean interval), as Sentry's flame graph weighs sampled profiles. The
 * aggregate of several profiles (a transaction's, `aggregate.ts`) merges their trees into one.
 */
import type {
  CallTree,
  CallTreeNode,
  ProfileFrame,
  ProfileThread,
} from '../../../src-shared/profiles-api.ts';
import type { DecodedProfile, DecodedSample } from './decode.ts';

/** The threads with samples, most samples first. */
export function profileThreads(profile: DecodedProfile, samples: readonly DecodedSample[]): ProfileThread[] {
  const counts = new Map<string, number>();
  for (const sample of samples) counts.set(sample.threadId, (counts.get(sample.threadId) ?? 0) + 1);
  return [...counts]
    .map(([id, count]) => ({ id, name: profile.threadNames.get(id) ?? null, samples: count }))
    .sort((a, b) => b.samples - a.samples || a.id.localeCompare(b.id));
}

/** The thread shown by default: the transaction's active thread, else one named `main`, else the busiest. */
export function defaultThread(profile: DecodedProfile, threads: readonly ProfileThread[]): string | null {
  const active = profile.transaction?.activeThreadId;
  if (active && threads.some((thread) => thread.id === active)) return active;
  return threads.find((thread) => thread.name === 'main')?.id ?? threads[0]?.id ?? null;
}

/** Each sample's weight in milliseconds: the time until the next one, the last the mean interval. */
export function sampleWeights(samples: readonly DecodedSample[]): number[] {
  const weights = samples.map((sample, index) => {
    const next = samples[index + 1];
    return next === undefined ? Number.NaN : Math.max(0, next.at - sample.at);
  });
  const first = samples[0];
  const last = samples[samples.length - 1];
  const mean =
    samples.length > 1 && first !== undefined && last !== undefined
      ? (last.at - first.at) / (samples.length - 1)
      : 0;
  if (weights.length > 0) weights[weights.length - 1] = mean;
  return weights;
}

interface BuildNode extends CallTreeNode {
  children: Map<number, number>;
}

/** Children listed by total time, the largest first (ties by frame order). */
function depthFirst(nodes: readonly BuildNode[], roots: Map<number, number>): CallTreeNode[] {
  const ordered: CallTreeNode[] = [];
  const visit = (index: number, parent: number) => {
    const node = nodes[index] as BuildNode;
    const at = ordered.length;
    const { children, ...plain } = node;
    ordered.push({ ...plain, parent });
    const sorted = [...children.values()].sort(
      (a, b) =>
        (nodes[b] as BuildNode).totalMs - (nodes[a] as BuildNode).totalMs ||
        (nodes[a] as BuildNode).frame - (nodes[b] as BuildNode).frame,
    );
    for (const child of sorted) visit(child, at);
  };
  const sortedRoots = [...roots.values()].sort(
    (a, b) => (nodes[b] as BuildNode).totalMs - (nodes[a] as BuildNode).totalMs,
  );
  for (const root of sortedRoots) visit(root, -1);
  return ordered;
}

/** A call tree being built: nodes keyed by (parent, frame), and the samples and time added. */
interface TreeBuilder {
  nodes: BuildNode[];
  roots: Map<number, number>;
  samples: number;
  durationMs: number;
}

const newBuilder = (): TreeBuilder => ({ nodes: [], roots: new Map(), samples: 0, durationMs: 0 });

/**
 * Adds `threadId`'s samples among `samples` to the tree, each stack's frames named by `frameOf` (a
 * frame of the profile → a frame of the tree). A sample with an empty stack (the thread idle) counts
 * in the whole but in no node.
 */
function addThread(
  builder: TreeBuilder,
  profile: DecodedProfile,
  samples: readonly DecodedSample[],
  threadId: string,
  frameOf: (frame: number) => number,
): void {
  const own = samples.filter((sample) => sample.threadId === threadId).sort((a, b) => a.at - b.at);
  const weights = sampleWeights(own);
  const { nodes } = builder;
  builder.samples += own.length;
  for (const [index, sample] of own.entries()) {
    const weight = weights[index] ?? 0;
    builder.durationMs += weight;
    const stack = profile.stacks[sample.stackId] ?? [];
    let siblings = builder.roots;
    let parent = -1;
    for (let position = stack.length - 1; position >= 0; position--) {
      const frame = frameOf(stack[position] as number);
      let at = siblings.get(frame);
      if (at === undefined) {
        at = nodes.length;
        nodes.push({
          frame,
          parent,
          depth: stack.length - 1 - position,
          totalSamples: 0,
          selfSamples: 0,
          totalMs: 0,
          selfMs: 0,
          children: new Map(),
        });
        siblings.set(frame, at);
      }
      const node = nodes[at] as BuildNode;
      node.totalSamples += 1;
      node.totalMs += weight;
      if (position === 0) {
        node.selfSamples += 1;
        node.selfMs += weight;
      }
      siblings = node.children;
      parent = at;
    }
  }
}

/** The call tree of `threadId`'s samples among `samples` (already limited to the time shown). */
export function buildCallTree(
  profile: DecodedProfile,
  samples: readonly DecodedSample[],
  threadId: string,
): CallTree {
  const builder = newBuilder();
  addThread(builder, profile, samples, threadId, (frame) => frame);
  const { samples: count, durationMs } = builder;
  return {
    frames: profile.frames,
    nodes: depthFirst(builder.nodes, builder.roots),
    samples: count,
    durationMs,
    weight: 'time',
  };
}

/** One profile's part of an aggregate: the samples of one of its threads. */
export interface ProfilePart {
  profile: DecodedProfile;
  threadId: string;
}

/**
 * A frame of an aggregate is a function of a file, as Sentry's aggregate flame graph merges frames by
 * function and package: the lines a function was sampled at do not split it. It keeps a line only when
 * every frame merged into it had the same.
 */
const aggregateKey = (frame: ProfileFrame) => `${frame.name}\u0000${frame.file ?? ''}`;

/**
 * The call trees of several profiles merged into one, as Sentry's aggregate flame graph of a
 * transaction: a path of the same functions is one node whichever profile sampled it, and boxes are as
 * wide as their samples (the profiles sample at different times, so their samples are counted, not
 * laid end to end); the time they stand for is summed alongside.
 */
export function aggregateCallTree(parts: readonly ProfilePart[]): CallTree {
  const builder = newBuilder();
  const frames: ProfileFrame[] = [];
  const index = new Map<string, number>();
  for (const { profile, threadId } of parts) {
    const ids = profile.frames.map((frame) => {
      const key = aggregateKey(frame);
      const at = index.get(key);
      if (at === undefined) {
        index.set(key, frames.length);
        frames.push({ ...frame });
        return frames.length - 1;
      }
      const merged = frames[at] as ProfileFrame;
      if (merged.line !== frame.line || merged.column !== frame.column) {
        merged.line = null;
        merged.column = null;
      }
      merged.inApp ||= frame.inApp;
      return at;
    });
    addThread(builder, profile, profile.samples, threadId, (frame) => ids[frame] as number);
  }
  const { samples, durationMs } = builder;
  return { frames, nodes: depthFirst(builder.nodes, builder.roots), samples, durationMs, weight: 'samples' };
}
