/**
 * Events per bucket as bars (Sentry's stream graph), with a tooltip per bucket. Under a search with
 * event filters the matching events are a second series drawn over the total one, as Sentry's
 * `GroupChart` draws `filtered.stats` over `stats`: lighter bars for all events, stronger ones for the
 * matching, and the tooltip gives both under Sentry's series names.
 */
import { useState } from 'react';
import { createPortal } from 'react-dom';

/** A bucket's tooltip lines, in Sentry's series names. */
export function bucketLines(total: number, matching: number | undefined): string[] {
  return matching === undefined
    ? [`Events: ${total}`]
    : [`Total Events: ${total}`, `Matching Events: ${matching}`];
}

interface Hovered {
  index: number;
  /** Where the bucket's column is on the screen: the tooltip is placed from it. */
  box: { left: number; width: number; top: number; bottom: number };
}

/**
 * In a portal on the page's body, placed on the screen: the rows of the virtual list are each
 * translated, so a tooltip inside one would be clipped by the list and covered by the next rows.
 */
function BucketTooltip({ hovered, lines }: { hovered: Hovered; lines: string[] }) {
  const { box } = hovered;
  // Above the bar, or below it where the page has no room above.
  const above = box.top > 48;
  return createPortal(
    <div
      role="tooltip"
      className="sparkline-tooltip"
      data-testid="sparkline-tooltip"
      style={{
        left: box.left + box.width / 2,
        top: above ? box.top - 4 : box.bottom + 4,
        transform: `translate(-50%, ${above ? '-100%' : '0'})`,
      }}
    >
      {lines.map((line) => (
        <div key={line}>{line}</div>
      ))}
    </div>,
    document.body,
  );
}

export function Sparkline({
  values,
  matching,
  counts,
  width = 100,
  height = 24,
}: {
  values: number[];
  /** The matching events per bucket, the same buckets as `values`; absent without event filters. */
  matching?: number[] | undefined;
  /**
   * The period's events (and matching ones) as the row counts them; the first bucket is whole, as
   * in Sentry's series, so it may hold events from before the period that the bars' sum would add.
   */
  counts?: { total: number; matching?: number | undefined } | undefined;
  width?: number;
  height?: number;
}) {
  const [hovered, setHovered] = useState<Hovered | null>(null);
  // One scale for both: the matching bars read as a share of the total ones.
  const max = Math.max(1, ...values, ...(matching ?? []));
  const step = values.length > 0 ? width / values.length : width;
  const matchedAt = (index: number) => (matching ? (matching[index] ?? 0) : undefined);
  const bar = (value: number, index: number, className?: string) => {
    const h = value === 0 ? 0 : Math.max(1, (value / max) * height);
    return (
      <rect
        className={className}
        x={index * step + 0.5}
        y={height - h}
        width={Math.max(1, step - 1)}
        height={h}
      />
    );
  };
  const total = counts?.total ?? values.reduce((a, b) => a + b, 0);
  const label = matching
    ? `${total} events in period, ${counts?.matching ?? matching.reduce((a, b) => a + b, 0)} matching`
    : `${total} events in period`;
  return (
    <>
      <svg
        className={`sparkline${matching ? ' sparkline-filtered' : ''}`}
        data-testid="sparkline"
        width={width}
        height={height}
        role="img"
        aria-label={label}
        onMouseMove={(event) => {
          // The bucket under the pointer's column, as Sentry's axis tooltip finds it, even over a short bar.
          const svg = event.currentTarget.getBoundingClientRect();
          const index = Math.min(values.length - 1, Math.floor((event.clientX - svg.left) / step));
          if (index < 0 || index === hovered?.index) return;
          const left = svg.left + index * step;
          setHovered({ index, box: { left, width: step, top: svg.top, bottom: svg.bottom } });
        }}
        onMouseLeave={() => setHovered(null)}
      >
        {values.map((value, index) => (
          <g
            // biome-ignore lint/suspicious/noArrayIndexKey: buckets are positional
            key={index}
            data-testid="sparkline-bucket"
            className={hovered?.index === index ? 'hovered' : undefined}
          >
            {bar(value, index, matching ? 'sparkline-total' : undefined)}
            {matching && bar(matchedAt(index) ?? 0, index, 'sparkline-matching')}
          </g>
        ))}
      </svg>
      {hovered && (
        <BucketTooltip
          hovered={hovered}
          lines={bucketLines(values[hovered.index] ?? 0, matchedAt(hovered.index))}
        />
      )}
    </>
  );
}
