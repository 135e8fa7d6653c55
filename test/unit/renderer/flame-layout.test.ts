/**
 * The flame graph's boxes: each as wide as its share of the time, children side by side from their
 * parent's left, zooming into a frame making it the full width with only its callees under it, and
 * the search matching a frame's function or file.
 */
import { describe, expect, it } from 'vitest';
import {
  frameMatches,
  layoutFlameGraph,
  pathTo,
} from '../../../src-renderer/features/profiles/flame-layout.ts';
import type { CallTree } from '../../../src-shared/profiles-api.ts';

const frame = (name: string, file: string | null = null) => ({
  name,
  file,
  line: null,
  column: null,
  inApp: true,
});
const node = (frame: number, parent: number, depth: number, totalMs: number) => ({
  frame,
  parent,
  depth,
  totalMs,
  selfMs: 0,
  totalSamples: totalMs / 10,
  selfSamples: 0,
});

/** main (100 ms) → a (60 ms) → c (30 ms); main → b (40 ms); and a second root d (100 ms). */
const TREE: CallTree = {
  frames: [frame('main', 'app.js'), frame('a'), frame('b', 'lib/b.js'), frame('c'), frame('d')],
  nodes: [node(0, -1, 0, 100), node(1, 0, 1, 60), node(3, 1, 2, 30), node(2, 0, 1, 40), node(4, -1, 0, 100)],
  samples: 20,
  durationMs: 200,
  weight: 'time',
};

const shown = (zoom: number | null) =>
  layoutFlameGraph(TREE, zoom).map((box) => [
    TREE.frames[box.node.frame]?.name,
    box.left,
    box.width,
    box.row,
  ]);

describe('the flame graph layout', () => {
  it('places roots side by side and children from their parent, by their share of the time', () => {
    expect(shown(null)).toEqual([
      ['main', 0, 0.5, 0],
      ['a', 0, 0.3, 1],
      ['c', 0, 0.15, 2],
      ['b', 0.3, 0.2, 1],
      ['d', 0.5, 0.5, 0],
    ]);
  });

  it("an aggregate's boxes are as wide as their samples, not their time", () => {
    // The same tree, its samples spread unlike its time: main 10 (a 9, c 1, b 1) and d 10.
    const samples = [10, 9, 1, 1, 10];
    const aggregate: CallTree = {
      ...TREE,
      nodes: TREE.nodes.map((node, index) => ({ ...node, totalSamples: samples[index] ?? 0 })),
      weight: 'samples',
    };
    expect(layoutFlameGraph(aggregate, null).map((box) => [box.left, box.width])).toEqual([
      [0, 0.5],
      [0, 0.45],
      [0, 0.05],
      [0.45, 0.05],
      [0.5, 0.5],
    ]);
  });

  it('zoomed into a frame: it fills the width on the top row, its callees under it, nothing else', () => {
    expect(shown(1)).toEqual([
      ['a', 0, 1, 0],
      ['c', 0, 0.5, 1],
    ]);
    expect(pathTo(TREE, 2).map((index) => TREE.frames[TREE.nodes[index]?.frame ?? 0]?.name)).toEqual([
      'main',
      'a',
      'c',
    ]);
  });

  it('search matches a function or a file, in any case; nothing for an empty search', () => {
    const matching = (search: string) =>
      TREE.nodes.filter((n) => frameMatches(TREE, n, search)).map((n) => TREE.frames[n.frame]?.name);
    expect(matching('MAIN')).toEqual(['main']);
    expect(matching('lib/')).toEqual(['b']);
    expect(matching('')).toEqual([]);
  });
});
