/**
 * Assets, as Sentry's Insights → Assets: what a project's browser pages load (resource spans, op
 * `resource.*`) grouped by normalized description (`insights.assets`) — loads a minute, average
 * duration, time spent (the default order) and average encoded size, each sortable — under Sentry's
 * filters (type, domain, page, render blocking), below its charts of loads a minute and average
 * duration; an asset opens onto its summary, charts, pages and samples (`AssetPanel`). The table is
 * read again when the pipeline announces new spans (`items.changed`).
 */
import { useQuery } from '@tanstack/react-query';
import {
  ASSET_SORTS,
  ASSET_TYPES,
  type Asset,
  type AssetSort,
  DEFAULT_ASSETS_PERIOD,
  RENDER_BLOCKING_STATUSES,
  type RenderBlockingStatus,
} from '../../../src-shared/assets-api.ts';
import { MAX_QUERY_ITEMS_SCANNED } from '../../../src-shared/insights-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ListHeader, ListTable } from '../../app/ListPage.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { LineChart } from '../console/LineChart.tsx';
import { PeriodPicker, periodOf } from '../issues/RangePicker.tsx';
import { DurationBarCell } from '../traces/TraceListRow.tsx';
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { AssetFilter } from './AssetFilter.tsx';
import { AssetPanel } from './AssetPanel.tsx';
import { assetKind, chartOf, formatBytes, TYPE_LABELS } from './asset-format.ts';
import { formatPerMinute } from './request-format.ts';
import { SortHeaders } from './SortHeader.tsx';
import { OpenRow } from './table-parts.tsx';
import './queries.css';

const SORT_LABELS: Record<AssetSort, string> = {
  rpm: 'Requests per minute',
  avg: 'Avg duration',
  time: 'Time spent',
  size: 'Avg encoded size',
};

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.find((option) => option === value);

function EmptyAssets({ period }: { period: string }) {
  return (
    <div className="empty" data-testid="assets-empty">
      <p>
        No assets in the last {period}. The browser SDK records what a page loads (scripts, stylesheets,
        fonts, images) as spans of its page load, op <code>resource.*</code>, once tracing is on:
      </p>
      <pre>{`Sentry.init({ dsn, tracesSampleRate: 1.0, integrations: [Sentry.browserTracingIntegration()] });`}</pre>
      <p>
        Sizes of files from another origin are only seen when it answers with <code>Timing-Allow-Origin</code>
        .
      </p>
    </div>
  );
}

function AssetRow({
  row,
  mostMs,
  selected,
  onOpen,
}: {
  row: Asset;
  mostMs: number;
  selected: boolean;
  onOpen: () => void;
}) {
  return (
    <OpenRow text={row.description} selected={selected} onOpen={onOpen}>
      <td>{assetKind(row.op, row.fileExtension)}</td>
      <td className="num">{formatPerMinute(row.perMinute)}</td>
      <td className="num">{formatDuration(row.avgMs)}</td>
      <DurationBarCell className="num trace-list-duration" ms={row.totalMs} mostMs={mostMs} />
      <td className="num">{formatBytes(row.avgEncodedBytes)}</td>
    </OpenRow>
  );
}

export function AssetsPage() {
  const { params } = useRoute();
  const projectId = Number(params.get('project') ?? 1) || 1;
  const query = params.get('query') ?? '';
  const period = periodOf(params.get('period'), DEFAULT_ASSETS_PERIOD);
  const sort = oneOf(ASSET_SORTS, params.get('sort')) ?? 'time';
  const type = oneOf(ASSET_TYPES, params.get('type'));
  const blocking = oneOf(RENDER_BLOCKING_STATUSES, params.get('blocking'));
  const domain = params.get('domain') ?? undefined;
  const page = params.get('page') ?? undefined;
  const open = params.get('asset');
  const transaction = params.get('transaction');
  const filters = {
    ...(type ? { type } : {}),
    ...(domain !== undefined ? { domain } : {}),
    ...(page !== undefined ? { transaction: page } : {}),
    ...(blocking ? { renderBlocking: blocking } : {}),
  };
  const assets = useQuery({
    ...apiQueryOptions(useTransport(), 'insights.assets', { projectId, query, sort, period, ...filters }),
    placeholderData: (previous) => previous,
  });

  const go = (change: Record<string, string | null | undefined>) => {
    const next: Record<string, string> = {};
    const current = {
      project: String(projectId),
      query,
      sort,
      period,
      type,
      domain,
      page,
      blocking,
      asset: open,
      transaction,
    };
    for (const [key, value] of Object.entries({ ...current, ...change }))
      if (value !== null && value !== undefined && value !== '') next[key] = value;
    // Another asset, or none, leaves the page its samples were narrowed to.
    if (change.asset !== undefined && change.transaction === undefined) delete next.transaction;
    navigate(hrefFor('assets', [], next), { replace: true });
  };
  const rows = assets.data?.assets ?? [];
  const mostMs = Math.max(0, ...rows.map((row) => row.totalMs));
  const series = assets.data?.series ?? [];

  return (
    <section>
      <ListHeader
        title="Assets"
        projectId={projectId}
        onProject={(project) => go({ project: String(project), asset: null, domain: null, page: null })}
        search={{
          label: 'Search assets',
          placeholder: 'Search the description: app.js, /static …',
          value: query,
          onSubmit: (next) => go({ query: next }),
        }}
      >
        <PeriodPicker period={period} onPeriod={(option) => go({ period: option })} />
      </ListHeader>
      {series.length > 0 && (
        <div className="asset-charts" data-testid="assets-charts">
          <LineChart {...chartOf(series, { 'Requests per minute': (p) => p.perMinute })} />
          <LineChart {...chartOf(series, { 'Avg duration (ms)': (p) => p.avgMs })} />
        </div>
      )}
      <div className="issues-toolbar">
        <AssetFilter
          label="Type"
          value={type ?? ''}
          options={ASSET_TYPES.map((value) => [value, TYPE_LABELS[value]])}
          onChange={(value) => go({ type: value })}
        />
        <AssetFilter
          label="Domain"
          value={domain ?? ''}
          options={(assets.data?.domains ?? []).filter(Boolean).map((value) => [value, value])}
          onChange={(value) => go({ domain: value })}
        />
        <AssetFilter
          label="Page"
          value={page ?? ''}
          options={(assets.data?.pages ?? []).map((value) => [value, value])}
          onChange={(value) => go({ page: value })}
        />
        <AssetFilter
          label="Render blocking"
          value={blocking ?? ''}
          options={[
            ['blocking', 'Yes'],
            ['non-blocking', 'No'],
          ]}
          onChange={(value) => go({ blocking: value as RenderBlockingStatus | '' })}
        />
      </div>
      <ListTable
        read={assets}
        rows={rows}
        searched={query !== '' || Object.keys(filters).length > 0}
        empty={<EmptyAssets period={period} />}
        noMatch="No assets match these filters."
        className="traces-table queries-table"
        label="Assets"
        testId="assets-table"
        head={
          <>
            <th>Asset description</th>
            <th>Type</th>
            <SortHeaders
              ids={['rpm', 'avg', 'time', 'size']}
              labels={SORT_LABELS}
              sort={sort}
              onSort={(next) => go({ sort: next })}
            />
          </>
        }
        row={(row) => (
          <AssetRow
            key={`${row.group}:${row.op}`}
            row={row}
            mostMs={mostMs}
            selected={row.group === open}
            onOpen={() => go({ asset: row.group === open ? null : row.group })}
          />
        )}
        partial={{
          testId: 'assets-partial',
          text: `Older assets not counted (the page reads the newest ${MAX_QUERY_ITEMS_SCANNED} transactions and span items).`,
        }}
      />
      {open !== null && (
        <AssetPanel
          projectId={projectId}
          period={period}
          group={open}
          renderBlocking={blocking}
          transaction={transaction}
          onTransaction={(next) => go({ transaction: next })}
        />
      )}
    </section>
  );
}
