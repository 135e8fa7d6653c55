/**
 * The body of an Explore page (Traces, Logs): the Visualize and Group By toolbar beside the page's
 * charts, one per Visualize, each drawn from the events-stats request the page builds for it.
 * Changing the functions or the grouping drops the aggregates' sort (it may name a column gone).
 */
import type { StatsQuery } from '../../../src-shared/discover-api.ts';
import { ExploreChart } from './ExploreChart.tsx';
import { ExploreToolbar } from './ExploreToolbar.tsx';
import type { ExploreAttributes, Visualize } from './explore-query.ts';

export interface ExploreBodyChange {
  visualize?: Visualize[];
  groupBy?: string[];
  aggregateSort?: undefined;
}

export function ExploreBody({
  visualize,
  groupBy,
  attributes,
  statsFor,
  go,
}: {
  visualize: Visualize[];
  groupBy: string[];
  attributes: ExploreAttributes;
  /** The events-stats request of one chart. */
  statsFor: (visualize: Visualize) => StatsQuery;
  go: (change: ExploreBodyChange) => void;
}) {
  return (
    <div className="explore-body">
      <ExploreToolbar
        visualize={visualize}
        groupBy={groupBy}
        attributes={attributes}
        onVisualize={(next) => go({ visualize: next, aggregateSort: undefined })}
        onGroupBy={(next) => go({ groupBy: next, aggregateSort: undefined })}
      />
      <div className="explore-charts">
        {visualize.map((chart, index) => (
          <ExploreChart
            // biome-ignore lint/suspicious/noArrayIndexKey: the charts are the URL's, in its order.
            key={index}
            index={index}
            stats={statsFor(chart)}
            visualize={chart}
            onChartType={(chartType) =>
              go({ visualize: visualize.map((v, i) => (i === index ? { ...v, chartType } : v)) })
            }
          />
        ))}
      </div>
    </div>
  );
}
