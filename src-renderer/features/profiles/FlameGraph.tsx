/**
 * A profile's call tree as a flame graph, drawn by us in the DOM (one box per frame, so each carries
 * its function in `data-frame`): callers on top, callees below, each box as wide as its share of the
 * time. Hovering a box shows its frame, file:line, self and total time and samples; clicking one zooms
 * into it; the search box highlights the frames whose function or file contains its text. In-app frames
 * are coloured, the others grey, as Sentry marks them.
 */
import { useMemo, useState } from 'react';
import type { CallTree, CallTreeNode } from '../../../src-shared/profiles-api.ts';
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { type FlameBox, frameMatches, layoutFlameGraph, pathTo } from './flame-layout.ts';

const ROW_HEIGHT = 20;

function percent(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '–';
}

const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;

/** What the hovered frame is: its place in the code and its self and total time. */
function FrameDetails({ tree, node }: { tree: CallTree; node: CallTreeNode }) {
  const frame = tree.frames[node.frame];
  const where = frame?.file ? `${frame.file}${frame.line !== null ? `:${frame.line}` : ''}` : 'no file';
  return (
    <div className="flame-details" role="tooltip" data-testid="flame-tooltip">
      <strong className="user-text">{frame?.name}</strong>{' '}
      <span className={frame?.inApp ? 'flame-tag-app' : 'flame-tag-lib'}>
        {frame?.inApp ? 'in app' : 'library'}
      </span>
      <div className="muted user-text" data-testid="flame-tooltip-location">
        {where}
      </div>
      <div data-testid="flame-tooltip-self">
        Self: {formatDuration(node.selfMs)} · {plural(node.selfSamples, 'sample')} ·{' '}
        {percent(node.selfSamples, tree.samples)}
      </div>
      <div data-testid="flame-tooltip-total">
        Total: {formatDuration(node.totalMs)} · {plural(node.totalSamples, 'sample')} ·{' '}
        {percent(node.totalSamples, tree.samples)}
      </div>
    </div>
  );
}

function Box({
  box,
  tree,
  matched,
  searching,
  onHover,
  onZoom,
}: {
  box: FlameBox;
  tree: CallTree;
  matched: boolean;
  searching: boolean;
  onHover: (index: number | null) => void;
  onZoom: (index: number) => void;
}) {
  const frame = tree.frames[box.node.frame];
  const classes = [
    'flame-frame',
    frame?.inApp ? 'flame-app' : 'flame-lib',
    searching ? (matched ? 'flame-match' : 'flame-dim') : '',
  ];
  return (
    <button
      type="button"
      className={classes.join(' ')}
      data-frame={frame?.name}
      data-in-app={frame?.inApp ? 'true' : 'false'}
      data-match={searching ? String(matched) : undefined}
      aria-label={`${frame?.name}, ${formatDuration(box.node.totalMs)}`}
      style={{
        left: `${box.left * 100}%`,
        width: `${box.width * 100}%`,
        top: `${box.row * ROW_HEIGHT}px`,
        height: `${ROW_HEIGHT - 1}px`,
      }}
      onMouseEnter={() => onHover(box.index)}
      onFocus={() => onHover(box.index)}
      onMouseLeave={() => onHover(null)}
      onClick={() => onZoom(box.index)}
    >
      {frame?.name}
    </button>
  );
}

export function FlameGraph({ tree }: { tree: CallTree }) {
  const [zoom, setZoom] = useState<number | null>(null);
  const [hovered, setHovered] = useState<number | null>(null);
  const [search, setSearch] = useState('');
  const boxes = useMemo(() => layoutFlameGraph(tree, zoom), [tree, zoom]);
  const rows = boxes.reduce((most, box) => Math.max(most, box.row + 1), 0);
  const hoveredNode = hovered === null ? undefined : tree.nodes[hovered];
  const matches = search === '' ? 0 : boxes.filter((box) => frameMatches(tree, box.node, search)).length;
  if (tree.nodes.length === 0)
    return (
      <p className="muted" data-testid="flame-empty">
        No samples with a stack on this thread
        {tree.samples > 0 ? ` (${plural(tree.samples, 'idle sample')})` : ''}.
      </p>
    );
  return (
    <div className="flame" data-testid="flame-graph">
      <div className="flame-toolbar">
        <input
          type="search"
          placeholder="Search frames"
          aria-label="Search frames"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        {search !== '' && (
          <span className="muted" data-testid="flame-matches">
            {plural(matches, 'frame')} match
          </span>
        )}
        <span className="flame-legend">
          <span className="flame-swatch flame-app" /> in app <span className="flame-swatch flame-lib" />{' '}
          library
        </span>
      </div>
      {zoom !== null && (
        <nav className="flame-zoom" aria-label="Zoomed into">
          <button type="button" className="link-button" onClick={() => setZoom(null)}>
            Reset zoom
          </button>
          {pathTo(tree, zoom).map((index) => (
            <span key={index}>
              {' › '}
              <button type="button" className="link-button user-text" onClick={() => setZoom(index)}>
                {tree.frames[tree.nodes[index]?.frame ?? 0]?.name}
              </button>
            </span>
          ))}
        </nav>
      )}
      <section
        className="flame-canvas"
        aria-label="Flame graph"
        data-zoomed={zoom === null ? undefined : 'true'}
        style={{ height: `${rows * ROW_HEIGHT}px` }}
      >
        {boxes.map((box) => (
          <Box
            key={box.index}
            box={box}
            tree={tree}
            matched={frameMatches(tree, box.node, search)}
            searching={search !== ''}
            onHover={setHovered}
            onZoom={setZoom}
          />
        ))}
      </section>
      {hoveredNode ? (
        <FrameDetails tree={tree} node={hoveredNode} />
      ) : (
        <p className="muted flame-hint">
          {plural(tree.samples, 'sample')} · {formatDuration(tree.durationMs)} — hover a frame for its
          details, click it to zoom in.
        </p>
      )}
    </div>
  );
}
