/**
 * The newest data points of the chosen metric, as Sentry's Metrics explorer lists its samples: time,
 * value, attributes (a value clicked joins the filter) and the trace, a link to the trace view around
 * the point's time when the project has a transaction or span of it.
 */
import type { MetricSample } from '../../../src-shared/metrics-api.ts';
import { hrefFor } from '../../app/router.ts';
import { formatValue } from './MetricChart.tsx';

function time(ms: number): string {
  const at = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${at.toLocaleDateString()} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
}

/** Attributes worth a glance: the SDK's own (`sentry.*`) are left to the trace. */
const shown = (key: string) => !key.startsWith('sentry.');

export function MetricSamples({
  samples,
  onFilter,
}: {
  samples: MetricSample[];
  onFilter: (key: string, value: string) => void;
}) {
  return (
    <table className="logs-table metric-samples" aria-label="Samples" data-testid="metric-samples">
      <thead>
        <tr>
          <th>Time</th>
          <th>Value</th>
          <th>Attributes</th>
          <th>Trace</th>
        </tr>
      </thead>
      <tbody>
        {samples.map((sample, index) => {
          // Points stamped alike are told apart by the SDK's sequence, else by place.
          const key = `${sample.timestamp}:${sample.attributes['sentry.timestamp.sequence'] ?? index}`;
          return (
            <tr key={key}>
              <td className="log-time">{time(sample.timestamp)}</td>
              <td className="metric-value">{formatValue(sample.value, sample.unit)}</td>
              <td className="metric-attributes">
                {Object.entries(sample.attributes)
                  .filter(([key, value]) => shown(key) && value !== null)
                  .sort(([a], [b]) => a.localeCompare(b))
                  .map(([key, value]) => (
                    <button
                      key={key}
                      type="button"
                      className="metric-attribute"
                      title={`Filter on ${key}:${String(value)}`}
                      onClick={() => onFilter(key, String(value))}
                    >
                      {key}: <code>{String(value)}</code>
                    </button>
                  ))}
              </td>
              <td>
                {sample.traceId && sample.traceStored ? (
                  <a
                    href={hrefFor('traces', [sample.traceId], {
                      project: String(sample.projectId),
                      timestamp: new Date(sample.timestamp).toISOString(),
                    })}
                    title="Open the trace"
                  >
                    <code>{sample.traceId.slice(0, 8)}</code>
                  </a>
                ) : (
                  <span className="muted" title={sample.traceId ?? undefined}>
                    {sample.traceId ? 'not stored' : 'none'}
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
