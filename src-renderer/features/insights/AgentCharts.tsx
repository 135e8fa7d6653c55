/**
 * The AI Agents page's widgets, as Sentry's landing page lays them out: agent runs, LLM calls, tool
 * calls and tokens used over the period, each a row of bars (one a bucket, its count on hover) under
 * its total.
 */
import type { AgentsOverview } from '../../../src-shared/agents-api.ts';
import { formatTokens } from './agent-format.ts';

const WIDTH = 240;
const HEIGHT = 56;

function Bars({ label, buckets, values }: { label: string; buckets: string[]; values: number[] }) {
  const max = Math.max(1, ...values);
  const step = values.length > 0 ? WIDTH / values.length : WIDTH;
  return (
    <svg width={WIDTH} height={HEIGHT} role="img" aria-label={`${label} over time`}>
      {values.map((value, index) => {
        const h = value === 0 ? 0 : Math.max(1, (value / max) * HEIGHT);
        const at = buckets[index] ?? '';
        return (
          <rect
            key={at}
            className="agent-bar"
            x={index * step + 0.5}
            y={HEIGHT - h}
            width={Math.max(1, step - 1)}
            height={h}
          >
            <title>{`${new Date(at).toLocaleString()}: ${value.toLocaleString('en-US')} ${label}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}

function Widget({
  title,
  total,
  buckets,
  values,
}: {
  title: string;
  total: string;
  buckets: string[];
  values: number[];
}) {
  return (
    <figure className="card agent-widget" aria-label={title}>
      <figcaption className="muted">{title}</figcaption>
      <div className="agent-widget-total">{total}</div>
      <Bars label={title.toLowerCase()} buckets={buckets} values={values} />
    </figure>
  );
}

export function AgentCharts({ overview }: { overview: AgentsOverview }) {
  const { series, totals } = overview;
  // With no agent run in the period, Sentry's Traffic widget counts every AI span instead.
  const runsTitle = overview.countsAllAiSpans ? 'AI spans' : 'Agent runs';
  const runsTotal = overview.countsAllAiSpans
    ? series.agentRuns.reduce((sum, n) => sum + n, 0)
    : totals.agentRuns;
  return (
    <div className="agent-widgets">
      <Widget
        title={runsTitle}
        total={runsTotal.toLocaleString('en-US')}
        buckets={series.buckets}
        values={series.agentRuns}
      />
      <Widget
        title="LLM calls"
        total={totals.llmCalls.toLocaleString('en-US')}
        buckets={series.buckets}
        values={series.llmCalls}
      />
      <Widget
        title="Tool calls"
        total={totals.toolCalls.toLocaleString('en-US')}
        buckets={series.buckets}
        values={series.toolCalls}
      />
      <Widget
        title="Tokens used"
        total={formatTokens(totals.tokens.total)}
        buckets={series.buckets}
        values={series.tokens}
      />
    </div>
  );
}
