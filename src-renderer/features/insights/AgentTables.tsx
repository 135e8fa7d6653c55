/**
 * The AI Agents page's three tables, as Sentry's segmented control switches them: the traces with AI
 * spans (one opens onto its AI spans), the models (requests, errors, avg and p95 duration, input and
 * output tokens with the cached and reasoning ones in brackets; no cost, for want of Sentry's model
 * costs) and the tools (calls, errors, avg and p95 duration).
 */
import type { AgentModel, AgentTool, AgentTraceRow } from '../../../src-shared/agents-api.ts';
import { formatDuration } from '../traces/TraceTimeline.tsx';
import { formatTokens, modelLabel, toolLabel } from './agent-format.ts';
import { OpenRow } from './table-parts.tsx';

const errorClass = (errors: number) => (errors > 0 ? 'num trace-status' : 'num');

export function TracesTable({
  rows,
  open,
  onOpen,
}: {
  rows: readonly AgentTraceRow[];
  open: string | null;
  onOpen: (traceId: string | null) => void;
}) {
  return (
    <table className="traces-table queries-table" aria-label="Agent traces" data-testid="agents-traces">
      <thead>
        <tr>
          <th>Agents</th>
          <th>Trace</th>
          <th className="num">LLM calls</th>
          <th className="num">Tool calls</th>
          <th className="num">Total tokens</th>
          <th className="num">Errors</th>
          <th className="num">Duration</th>
          <th>Timestamp</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <OpenRow
            key={row.traceId}
            text={row.agents.length > 0 ? row.agents.join(', ') : '<no agent run>'}
            selected={row.traceId === open}
            onOpen={() => onOpen(row.traceId === open ? null : row.traceId)}
          >
            <td className="trace-list-id">{row.traceId.slice(0, 8)}</td>
            <td className="num">{row.llmCalls}</td>
            <td className="num">{row.toolCalls}</td>
            <td className="num">{formatTokens(row.totalTokens)}</td>
            <td className={errorClass(row.errors)}>{row.errors}</td>
            <td className="num">{formatDuration(row.durationMs)}</td>
            <td className="trace-list-time">{new Date(row.timestamp).toLocaleString()}</td>
          </OpenRow>
        ))}
      </tbody>
    </table>
  );
}

/** Tokens with a part of them in brackets, as Sentry's `TokenTypeCell`: `1.2K (300)`. */
const tokensWithPart = (tokens: number, part: number) => `${formatTokens(tokens)} (${formatTokens(part)})`;

export function ModelsTable({ rows }: { rows: readonly AgentModel[] }) {
  return (
    <table className="traces-table queries-table" aria-label="Models" data-testid="agents-models">
      <thead>
        <tr>
          <th>Model</th>
          <th className="num">Requests</th>
          <th className="num">Errors</th>
          <th className="num">Avg</th>
          <th className="num">P95</th>
          <th className="num" title="Input tokens, of which cached in brackets">
            Input tokens (Cached)
          </th>
          <th className="num" title="Output tokens, of which reasoning in brackets">
            Output tokens (Reasoning)
          </th>
          <th className="num">Total tokens</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.model}>
            <td className="query-description" title={modelLabel(row.model)}>
              {modelLabel(row.model)}
            </td>
            <td className="num">{row.requests}</td>
            <td className={errorClass(row.errors)}>{row.errors}</td>
            <td className="num">{formatDuration(row.avgMs)}</td>
            <td className="num">{formatDuration(row.p95Ms)}</td>
            <td className="num">{tokensWithPart(row.tokens.input, row.tokens.inputCached)}</td>
            <td className="num">{tokensWithPart(row.tokens.output, row.tokens.outputReasoning)}</td>
            <td className="num">{formatTokens(row.tokens.total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ToolsTable({ rows }: { rows: readonly AgentTool[] }) {
  return (
    <table className="traces-table queries-table" aria-label="Tools" data-testid="agents-tools">
      <thead>
        <tr>
          <th>Tool name</th>
          <th className="num">Requests</th>
          <th className="num">Errors</th>
          <th className="num">Avg</th>
          <th className="num">P95</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.tool}>
            <td className="query-description">{toolLabel(row.tool)}</td>
            <td className="num">{row.requests}</td>
            <td className={errorClass(row.errors)}>{row.errors}</td>
            <td className="num">{formatDuration(row.avgMs)}</td>
            <td className="num">{formatDuration(row.p95Ms)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
