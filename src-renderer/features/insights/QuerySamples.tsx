/** The newest spans of one query (`insights.querySamples`), as sent, each linking to its trace. */
import { useQuery } from '@tanstack/react-query';
import type { QueryGroup } from '../../../src-shared/insights-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { PanelTable, TraceCell } from './table-parts.tsx';

export function QuerySamples({ projectId, query }: { projectId: number; query: QueryGroup }) {
  const samples = useQuery({
    ...apiQueryOptions(useTransport(), 'insights.querySamples', { projectId, group: query.group }),
  });
  const rows = samples.data?.samples ?? [];
  return (
    <section className="card query-samples" aria-label="Samples">
      <h2>Samples</h2>
      <p>
        <code className="query-description-full">{query.description}</code>
      </p>
      <p className="muted">
        {query.op}
        {query.dbSystem ? ` · ${query.dbSystem}` : ''}
      </p>
      {samples.error && <ErrorNote error={samples.error} />}
      {!samples.data && !samples.error && <p className="muted">loading samples…</p>}
      {rows.length > 0 && (
        <PanelTable
          label={`Samples of ${query.description}`}
          columns={['Time', 'Duration', 'Query as sent', 'Transaction']}
        >
          {rows.map((sample) => (
            <tr key={`${sample.traceId}:${sample.spanId}`}>
              <td className="trace-list-time">{new Date(sample.timestamp).toLocaleString()}</td>
              <td className="trace-list-duration">{formatDuration(sample.durationMs)}</td>
              <td className="query-description" title={sample.description}>
                {sample.description}
              </td>
              <TraceCell projectId={projectId} sample={sample} />
            </tr>
          ))}
        </PanelTable>
      )}
    </section>
  );
}
