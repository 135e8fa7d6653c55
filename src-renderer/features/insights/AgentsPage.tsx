/**
 * AI Agents, as Sentry's Insights → AI Agents: a project's `gen_ai.*` spans of a period
 * (`insights.agents`) — agent runs, LLM calls, tool calls and tokens over time, then Sentry's Traces /
 * Models / Tools tables behind a switch (`table=` in the URL); a trace opens onto its AI spans
 * (`AgentTracePanel`, `trace=` and `span=`). Read again when the pipeline stores more spans.
 */
import { useQuery } from '@tanstack/react-query';
import { DEFAULT_AGENTS_PERIOD } from '../../../src-shared/agents-api.ts';
import { MAX_QUERY_ITEMS_SCANNED } from '../../../src-shared/insights-api.ts';
import type { StatsPeriod } from '../../../src-shared/issues-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { ListHeader } from '../../app/ListPage.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { PeriodPicker, periodOf } from '../issues/RangePicker.tsx';
import { AgentCharts } from './AgentCharts.tsx';
import { ModelsTable, ToolsTable, TracesTable } from './AgentTables.tsx';
import { AgentTracePanel } from './AgentTracePanel.tsx';
import './queries.css';

const TABLES = ['traces', 'models', 'tools'] as const;
type AgentTable = (typeof TABLES)[number];
const TABLE_LABELS: Record<AgentTable, string> = { traces: 'Traces', models: 'Models', tools: 'Tools' };
const tableOf = (value: string | null): AgentTable => TABLES.find((table) => table === value) ?? 'traces';

function EmptyAgents({ period }: { period: StatsPeriod }) {
  return (
    <div className="empty" data-testid="agents-empty">
      <p>
        No AI spans in the last {period}. They are spans with an op <code>gen_ai.*</code>: turn tracing on and
        add your LLM library's integration, which traces each call with its model and tokens:
      </p>
      <pre>{`Sentry.init({
  dsn,
  tracesSampleRate: 1.0,
  integrations: [Sentry.openAIIntegration({ recordInputs: true, recordOutputs: true })],
});`}</pre>
      <p>
        An agent's run and its tools are spans you start yourself, as Sentry's manual AI instrumentation does:{' '}
        <code>{`Sentry.startSpan({ op: 'gen_ai.invoke_agent', name: 'invoke_agent Weather Agent', attributes: { 'gen_ai.agent.name': 'Weather Agent' } }, …)`}</code>{' '}
        and <code>op: 'gen_ai.execute_tool'</code> with <code>gen_ai.tool.name</code>.
      </p>
    </div>
  );
}

export function AgentsPage() {
  const { params } = useRoute();
  const projectId = Number(params.get('project') ?? 1) || 1;
  const period = periodOf(params.get('period'), DEFAULT_AGENTS_PERIOD);
  const table = tableOf(params.get('table'));
  const open = params.get('trace');
  const spanId = params.get('span');
  const overview = useQuery({
    ...apiQueryOptions(useTransport(), 'insights.agents', { projectId, period }),
    placeholderData: (previous) => previous,
  });

  const go = (change: {
    project?: number;
    period?: StatsPeriod;
    table?: AgentTable;
    trace?: string | null;
    span?: string | null;
  }) => {
    const next: Record<string, string> = {
      project: String(change.project ?? projectId),
      period: change.period ?? period,
      table: change.table ?? table,
    };
    const trace = change.trace === undefined ? open : change.trace;
    if (trace !== null) next.trace = trace;
    // Another trace leaves the span chosen in the last one.
    const span = change.span === undefined && change.trace === undefined ? spanId : (change.span ?? null);
    if (trace !== null && span !== null) next.span = span;
    navigate(hrefFor('agents', [], next), { replace: true });
  };
  const data = overview.data;
  const openRow = data?.traces.find((row) => row.traceId === open);

  return (
    <section>
      <ListHeader
        title="AI Agents"
        projectId={projectId}
        onProject={(project) => go({ project, trace: null })}
      >
        <PeriodPicker period={period} onPeriod={(option) => go({ period: option })} />
      </ListHeader>
      {overview.error && <ErrorNote error={overview.error} />}
      {!data && !overview.error && <p className="muted">loading…</p>}
      {data && data.traces.length === 0 && <EmptyAgents period={period} />}
      {data && data.traces.length > 0 && (
        <div aria-busy={overview.isPlaceholderData}>
          <AgentCharts overview={data} />
          <div className="agent-switch" role="tablist" aria-label="Table">
            {TABLES.map((id) => (
              <button
                key={id}
                type="button"
                role="tab"
                aria-selected={id === table}
                onClick={() => go({ table: id })}
              >
                {TABLE_LABELS[id]}
              </button>
            ))}
          </div>
          {table === 'traces' && (
            <TracesTable rows={data.traces} open={open} onOpen={(trace) => go({ trace })} />
          )}
          {table === 'models' && <ModelsTable rows={data.models} />}
          {table === 'tools' &&
            (data.tools.length > 0 ? (
              <ToolsTable rows={data.tools} />
            ) : (
              <p className="empty">No tool calls (spans with op gen_ai.execute_tool) in the last {period}.</p>
            ))}
          {data.partial && (
            <p className="muted" data-testid="agents-partial">
              Older AI spans not counted (the page reads the newest {MAX_QUERY_ITEMS_SCANNED} transactions and
              span items).
            </p>
          )}
        </div>
      )}
      {open !== null && (
        <AgentTracePanel
          projectId={projectId}
          traceId={open}
          timestamp={openRow?.timestamp}
          spanId={spanId}
          onSpan={(span) => go({ span })}
        />
      )}
    </section>
  );
}
