/**
 * A performance issue's evidence, as Sentry's issue page shows it in place of a stack trace
 * (`spanEvidence*.tsx`): the transaction, the parent span, the cause (source) spans and the
 * offending or repeating spans with their descriptions and durations, drawn on the transaction's
 * time axis, and a link to the trace.
 */

import type { EvidenceSpan, PerformanceEvidence } from '../../../src-shared/performance-issues.ts';
import { groupTypeOf } from '../../../src-shared/performance-issues.ts';
import { hrefFor } from '../../app/router.ts';
import { obj } from './data.ts';

/** The evidence an occurrence's event carries (`occurrence.evidenceData`), when it is one. */
export function evidenceOf(event: Record<string, unknown>): PerformanceEvidence | undefined {
  const data = obj(obj(event.occurrence)?.evidenceData);
  return data && typeof data.typeId === 'number' ? (data as unknown as PerformanceEvidence) : undefined;
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

function SpanRow({ role, span, total }: { role: string; span: EvidenceSpan; total: number }) {
  const left = total > 0 ? (span.offsetMs / total) * 100 : 0;
  const width = total > 0 ? Math.max((span.durationMs / total) * 100, 0.5) : 0;
  return (
    <tr data-testid="evidence-span" data-role={role}>
      <td className="muted">{role}</td>
      <td>
        <code>{span.op ?? ''}</code>
      </td>
      <td className="evidence-description">{span.description ?? ''}</td>
      <td className="num">{ms(span.durationMs)}</td>
      <td className="evidence-bar" aria-hidden>
        <span style={{ marginLeft: `${left}%`, width: `${width}%` }} />
      </td>
    </tr>
  );
}

export function SpanEvidence({ evidence, projectId }: { evidence: PerformanceEvidence; projectId: number }) {
  const total = evidence.transactionDurationMs;
  const rows: Array<[string, EvidenceSpan]> = [
    ...(evidence.parentSpan ? [['Parent Span', evidence.parentSpan] as [string, EvidenceSpan]] : []),
    ...evidence.causeSpans
      .filter((span) => !evidence.offenderSpanIds.includes(span.spanId))
      .map((span) => ['Preceding Span', span] as [string, EvidenceSpan]),
    ...evidence.offenderSpans.map(
      (span) =>
        [
          evidence.causeSpans.length > 0 && evidence.typeId === 1007
            ? 'Parallelizable Span'
            : 'Offending Span',
          span,
        ] as [string, EvidenceSpan],
    ),
  ];
  return (
    <section className="card" aria-label="Span Evidence" data-testid="span-evidence">
      <h2>Span Evidence</h2>
      <dl className="evidence-facts">
        <dt>Issue type</dt>
        <dd>{groupTypeOf(evidence.typeId).title}</dd>
        <dt>Transaction</dt>
        <dd data-testid="evidence-transaction">
          {evidence.transactionName} <span className="muted">({ms(total)})</span>
        </dd>
        <dt>Repeating Spans ({evidence.numRepeatingSpans})</dt>
        <dd>
          <code>{evidence.repeatingSpans}</code>
        </dd>
      </dl>
      <table className="evidence-spans">
        <thead>
          <tr>
            <th />
            <th>op</th>
            <th>description</th>
            <th className="num">duration</th>
            <th>in the transaction</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([role, span]) => (
            <SpanRow key={`${role}:${span.spanId}`} role={role} span={span} total={total} />
          ))}
        </tbody>
      </table>
      {evidence.traceId && (
        <p>
          <a
            data-testid="evidence-trace-link"
            href={hrefFor('traces', [evidence.traceId], { project: String(projectId) })}
          >
            View the full trace
          </a>
        </p>
      )}
    </section>
  );
}
