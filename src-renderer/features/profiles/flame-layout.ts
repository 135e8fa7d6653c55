/**
 * Where each node of a call tree sits in the flame graph: its row (depth below the frame zoomed
 * into) and its horizontal span, a share of the zoomed frame's width by its total time (by its samples
 * in an aggregate of profiles, or when the profile has no time, a single sample). Nodes too narrow to see are left out.
 */
import type { CallTree, CallTreeNode } from '../../../src-shared/profiles-api.ts';

export interface FlameBox {
  index: number;
  node: CallTreeNode;
  /** Fractions of the graph's width, 0 to 1. */
  left: number;
  width: number;
  /** Row from the top: 0 for the frame zoomed into (or the roots). */
  row: number;
}

/** A node's weight: its total time, or its samples in an aggregate or when the samples stand for no time. */
export function weightOf(tree: CallTree, node: CallTreeNode): number {
  return tree.weight === 'time' && tree.durationMs > 0 ? node.totalMs : node.totalSamples;
}

/** Boxes narrower than this share of the width are not drawn (as Sentry's flame graph culls them). */
const MIN_WIDTH = 0.001;

/**
 * The boxes of the tree, or of the subtree of `zoom` (a node index) filling the width. The nodes come
 * depth first, so each parent is placed before its children, which follow one another from its left.
 */
export function layoutFlameGraph(tree: CallTree, zoom: number | null): FlameBox[] {
  const root = zoom === null ? undefined : tree.nodes[zoom];
  const whole = root
    ? weightOf(tree, root)
    : tree.nodes.filter((node) => node.parent === -1).reduce((sum, node) => sum + weightOf(tree, node), 0);
  if (whole <= 0) return [];
  const baseDepth = root?.depth ?? 0;
  const boxes: FlameBox[] = [];
  const placed = new Map<number, { left: number; next: number }>();
  let nextRoot = 0;
  for (const [index, node] of tree.nodes.entries()) {
    let left: number;
    if (index === zoom) left = 0;
    else if (node.parent === -1) {
      if (root) continue;
      left = nextRoot;
      nextRoot += weightOf(tree, node) / whole;
    } else {
      const parent = placed.get(node.parent);
      if (!parent) continue; // outside the zoomed subtree, or under a box too narrow to draw
      left = parent.next;
      parent.next += weightOf(tree, node) / whole;
    }
    const width = weightOf(tree, node) / whole;
    if (width < MIN_WIDTH) continue;
    placed.set(index, { left, next: left });
    boxes.push({ index, node, left, width, row: node.depth - baseDepth });
  }
  return boxes;
}

/** The frames from a root down to `index` (the zoomed frame's path, for its breadcrumbs). */
export function pathTo(tree: CallTree, index: number): number[] {
  const path: number[] = [];
  for (let at = index; at !== -1; at = tree.nodes[at]?.parent ?? -1) path.unshift(at);
  return path;
}

/** Whether the frame's name or file contains the search text (case-insensitive). */
export function frameMatches(tree: CallTree, node: CallTreeNode, search: string): boolean {
  if (search === '') return false;
  const frame = tree.frames[node.frame];
  const needle = search.toLowerCase();
  return (
    (frame?.name.toLowerCase().includes(needle) ?? false) ||
    (frame?.file?.toLowerCase().includes(needle) ?? false)
  );
}
