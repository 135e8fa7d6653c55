/**
 * The call tree of one thread of a profile, as Sentry's flame graph draws it: each sample's stack
 * (leaf first as sent, read root first here) adds its weight to every node along its path; a node is
 * one frame called from one parent node. A sample stands for the time until the thread's next sample
 * (the last one, for the mean interval), as Sentry's flame graph weighs sampled profiles.
 */
import type { CallTree, CallTreeNode, ProfileThread } from '../../../src-shared/profiles-api.ts';
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

/**
 * The call tree of `threadId`'s samples among `samples` (already limited to the time shown). A sample
 * with an empty stack (the thread idle) counts in the whole but in no node.
 */
export function buildCallTree(
  profile: DecodedProfile,
  samples: readonly DecodedSample[],
  threadId: string,
): CallTree {
  const own = samples.filter((sample) => sample.threadId === threadId).sort((a, b) => a.at - b.at);
  const weights = sampleWeights(own);
  const nodes: BuildNode[] = [];
  const roots = new Map<number, number>();
  let durationMs = 0;
  for (const [index, sample] of own.entries()) {
    const weight = weights[index] ?? 0;
    durationMs += weight;
    const stack = profile.stacks[sample.stackId] ?? [];
    let siblings = roots;
    let parent = -1;
    for (let position = stack.length - 1; position >= 0; position--) {
      const frame = stack[position] as number;
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
  return { frames: profile.frames, nodes: depthFirst(nodes, roots), samples: own.length, durationMs };
}
