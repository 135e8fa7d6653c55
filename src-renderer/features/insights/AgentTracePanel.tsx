/**
 * One trace's AI spans (`insights.agentTrace`), as Sentry's AI trace drawer: the agent run, its LLM
 * calls and tool calls as a nested list, and the chosen span's details — an LLM call's model, tokens,
 * system prompt, messages and response; a tool call's input and output (each only when the SDK
 * recorded it) — with a link to the whole trace.
 */
import { useQuery } from '@tanstack/react-query';
import type { AiSpanKind, AiTraceSpan } from '../../../src-shared/agents-api.ts';
import { apiQueryOptions } from '../../api/hooks.ts';
import { useTransport } from '../../api/transport.tsx';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor } from '../../app/router.ts';
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { formatTokens } from './agent-format.ts';
import { FigureList } from './table-parts.tsx';

const KIND_LABELS: Record<AiSpanKind, string> = {
  agent: 'Agent',
  llm: 'LLM call',
  tool: 'Tool',
  step: 'Step',
};

/** What a span is called in the list: the agent, model or tool it names, else its span name. */
function spanTitle(span: AiTraceSpan): string {
  switch (span.kind) {
    case 'agent':
      return span.agentName ?? span.name ?? span.op;
    case 'llm':
      return span.requestModel ?? span.responseModel ?? span.name ?? span.op;
    case 'tool':
      return span.toolName ?? span.name ?? span.op;
    case 'step':
      return span.name ?? span.op;
  }
}

function figuresOf(span: AiTraceSpan): [string, string][] {
  const figures: [string, string][] = [
    ['Op', span.op],
    ['Duration', formatDuration(span.durationMs)],
    ['Status', span.status ?? '—'],
  ];
  if (span.requestModel) figures.push(['Model', span.requestModel]);
  if (span.responseModel && span.responseModel !== span.requestModel)
    figures.push(['Response model', span.responseModel]);
  if (span.provider) figures.push(['Provider', span.provider]);
  if (span.tokens) {
    figures.push(['Input tokens', formatTokens(span.tokens.input)]);
    figures.push(['Output tokens', formatTokens(span.tokens.output)]);
    figures.push(['Total tokens', formatTokens(span.tokens.total)]);
  }
  if (span.tokensPerSecond !== null) figures.push(['Tokens per second', span.tokensPerSecond.toFixed(1)]);
  return figures;
}

function Text({ title, value }: { title: string; value: string }) {
  return (
    <>
      <h4>{title}</h4>
      <pre className="query-description-full agent-text">{value}</pre>
    </>
  );
}

function SpanDetail({ span }: { span: AiTraceSpan }) {
  const recorded = span.system !== null || span.messages.length > 0 || span.response !== null;
  return (
    <section className="agent-span-detail" aria-label={`${KIND_LABELS[span.kind]} ${spanTitle(span)}`}>
      <h3>
        {KIND_LABELS[span.kind]}: {spanTitle(span)}
      </h3>
      <FigureList label="Span figures" figures={figuresOf(span)} />
      {span.system !== null && <Text title="System prompt" value={span.system} />}
      {span.messages.length > 0 && (
        <>
          <h4>Messages</h4>
          <ol className="agent-messages" aria-label="Messages">
            {span.messages.map((message, index) => (
              // Messages have no id of their own; their order is what they are.
              // biome-ignore lint/suspicious/noArrayIndexKey: a prompt's messages never reorder.
              <li key={index}>
                <span className="muted">{message.role}</span>
                <pre className="query-description-full agent-text">{message.content}</pre>
              </li>
            ))}
          </ol>
        </>
      )}
      {span.response !== null && <Text title="Response" value={span.response} />}
      {span.kind === 'llm' && !recorded && (
        <p className="muted">
          No prompt or response recorded: turn on the AI integration's <code>recordInputs</code> and{' '}
          <code>recordOutputs</code> (SDK 11: <code>dataCollection.genAI</code>; earlier SDKs:{' '}
          <code>sendDefaultPii</code>).
        </p>
      )}
      {span.toolInput !== null && <Text title="Tool input" value={span.toolInput} />}
      {span.toolOutput !== null && <Text title="Tool output" value={span.toolOutput} />}
    </section>
  );
}

export function AgentTracePanel({
  projectId,
  traceId,
  timestamp,
  spanId,
  onSpan,
}: {
  projectId: number;
  traceId: string;
  /** When the trace's first AI span started, which places its items in time. */
  timestamp: string | undefined;
  spanId: string | null;
  onSpan: (spanId: string) => void;
}) {
  const trace = useQuery({
    ...apiQueryOptions(useTransport(), 'insights.agentTrace', {
      projectId,
      traceId,
      ...(timestamp ? { timestamp } : {}),
    }),
    placeholderData: (previous) => (previous?.traceId === traceId ? previous : undefined),
  });
  const spans = trace.data?.spans ?? [];
  // Sentry's drawer opens on the first LLM call, else on the first span.
  const chosen =
    spans.find((span) => span.spanId === spanId) ?? spans.find((span) => span.kind === 'llm') ?? spans[0];
  const root = spans.find((span) => span.transactionSpanId !== null);
  const traceHref = hrefFor('traces', [traceId], {
    project: String(projectId),
    ...(root?.transactionSpanId ? { span: root.transactionSpanId } : {}),
  });
  return (
    <section className="card query-samples" aria-label={`AI spans of trace ${traceId}`}>
      <h2>
        Trace <code>{traceId.slice(0, 8)}</code> <a href={traceHref}>open the whole trace</a>
      </h2>
      {trace.error && <ErrorNote error={trace.error} />}
      {!trace.data && !trace.error && <p className="muted">loading the trace…</p>}
      {trace.data && spans.length === 0 && <p className="empty">This trace has no AI spans.</p>}
      {spans.length > 0 && (
        <div className="agent-trace">
          <ul className="agent-span-list" aria-label="AI spans">
            {spans.map((span) => (
              <li key={span.spanId} style={{ paddingLeft: `${span.depth * 16}px` }}>
                <button
                  type="button"
                  className="query-open"
                  aria-pressed={span.spanId === chosen?.spanId}
                  onClick={() => onSpan(span.spanId)}
                >
                  <span className="muted">{KIND_LABELS[span.kind]}</span> {spanTitle(span)}
                </button>{' '}
                <span className={span.failed ? 'trace-status' : 'muted'}>
                  {formatDuration(span.durationMs)}
                  {span.tokens ? ` · ${formatTokens(span.tokens.total)} tokens` : ''}
                  {span.failed ? ` · ${span.status}` : ''}
                </span>
              </li>
            ))}
          </ul>
          {chosen && <SpanDetail span={chosen} />}
        </div>
      )}
    </section>
  );
}
