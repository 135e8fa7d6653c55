/**
 * One asset of the Assets page (`insights.asset`), as Sentry's asset summary: its figures (loads a
 * minute, encoded, decoded and transfer sizes, average duration, time spent), its charts (loads a
 * minute, average duration, sizes), the pages it is found on (one narrows the samples to its own) and
 * its newest loads as sent, each linking to its trace.
 */
import { useQuery } from '@tanstack/react-query';
import type { Asset, RenderBlockingStatus } from '../../../src-shared/assets-api.ts';
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { LineChart } from '../console/LineChart.tsx';
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { chartOf, formatBytes, renderBlockingLabel } from './asset-format.ts';
import { DetailPanel } from './DetailPanel.tsx';
import { formatPerMinute } from './request-format.ts';
import { FigureList, NarrowTable, narrowByTransaction, PanelTable, TraceCell } from './table-parts.tsx';

function Summary({ summary }: { summary: Asset }) {
  const figures: [string, string][] = [
    ['Requests per minute', formatPerMinute(summary.perMinute)],
    ['Avg encoded size', formatBytes(summary.avgEncodedBytes)],
    ['Avg decoded size', formatBytes(summary.avgDecodedBytes)],
    ['Avg transfer size', formatBytes(summary.avgTransferBytes)],
    ['Avg duration', formatDuration(summary.avgMs)],
    ['Time spent', formatDuration(summary.totalMs)],
  ];
  const unsized = [summary.avgEncodedBytes, summary.avgDecodedBytes, summary.avgTransferBytes].every(
    (bytes) => bytes === null || bytes === 0,
  );
  return (
    <>
      <FigureList label="Asset summary" figures={figures} />
      {unsized && (
        <p className="muted" data-testid="asset-unsized">
          No size information for this asset: its server likely sends no <code>Timing-Allow-Origin</code>{' '}
          header.
        </p>
      )}
    </>
  );
}

export function AssetPanel({
  projectId,
  period,
  group,
  renderBlocking,
  transaction,
  onTransaction,
}: {
  projectId: number;
  period: StatsPeriod;
  group: string;
  renderBlocking: RenderBlockingStatus | undefined;
  transaction: string | null;
  onTransaction: (transaction: string | null) => void;
}) {
  const detail = useQuery({
    ...apiQueryOptions(useTransport(), 'insights.asset', {
      projectId,
      period,
      group,
      ...(renderBlocking ? { renderBlocking } : {}),
      ...(transaction ? { transaction } : {}),
    }),
    placeholderData: (previous) => previous,
  });
  const data = detail.data;
  const title = data?.summary?.description ?? group;
  return (
    <DetailPanel
      label={`Asset ${title}`}
      title={title}
      read={detail}
      loading="loading the asset…"
      none={`No loads of this asset in the last ${period}.`}
      older="Older loads"
    >
      {data?.summary && <Summary summary={data.summary} />}
      {data?.summary && (
        <div className="asset-charts" data-testid="asset-charts">
          <LineChart {...chartOf(data.series, { 'Requests per minute': (p) => p.perMinute })} />
          <LineChart {...chartOf(data.series, { 'Avg duration (ms)': (p) => p.avgMs })} />
          <LineChart
            {...chartOf(data.series, {
              'Encoded size': (p) => p.avgEncodedBytes,
              'Decoded size': (p) => p.avgDecodedBytes,
              'Transfer size': (p) => p.avgTransferBytes,
            })}
          />
        </div>
      )}
      {data && data.pages.length > 0 && (
        <NarrowTable
          label="Pages"
          columns={[
            'Found on page',
            { num: 'Requests per minute' },
            { num: 'Avg duration' },
            { num: 'Avg encoded size' },
            'Render blocking',
          ]}
          rows={data.pages}
          unnamed="<unnamed page>"
          rowKey={(row, name) => `${name}:${row.renderBlocking}`}
          {...narrowByTransaction(transaction, onTransaction)}
          cells={(row) => (
            <>
              <td className="num">{formatPerMinute(row.perMinute)}</td>
              <td className="num">{formatDuration(row.avgMs)}</td>
              <td className="num">{formatBytes(row.avgEncodedBytes)}</td>
              <td>{renderBlockingLabel(row.renderBlocking)}</td>
            </>
          )}
        />
      )}
      {data && data.samples.length > 0 && (
        <>
          <h3>Samples{transaction ? ` on ${transaction}` : ''}</h3>
          <PanelTable
            label={`Samples of ${title}`}
            columns={['Time', 'Duration', 'Encoded size', 'Render blocking', 'URL', 'Page']}
          >
            {data.samples.map((sample) => {
              const url = sample.url ?? sample.description ?? '';
              return (
                <tr key={`${sample.traceId}:${sample.spanId}`}>
                  <td className="trace-list-time">{new Date(sample.timestamp).toLocaleString()}</td>
                  <td className="trace-list-duration">{formatDuration(sample.selfMs)}</td>
                  <td>{formatBytes(sample.encodedBytes)}</td>
                  <td>{renderBlockingLabel(sample.renderBlocking)}</td>
                  <td className="query-description" title={url}>
                    {url}
                  </td>
                  <TraceCell projectId={projectId} sample={sample} />
                </tr>
              );
            })}
          </PanelTable>
        </>
      )}
    </DetailPanel>
  );
}
