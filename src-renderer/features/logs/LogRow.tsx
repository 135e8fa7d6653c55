/**
 * One log record of the Logs page: its line (the page's columns: time, severity, message or any
 * attribute), and on click its attributes and trace (its id opening the trace view around the
 * record's time, as Sentry's Logs explorer links it, and the issues of the trace); an attribute's
 * value adds `key:value` to the search (or takes it out again), as Sentry's does.
 */
import type { LogRecord } from '../../../src-shared/logs-api.ts';
import { hrefFor } from '../../app/router.ts';
import { LevelBadge } from '../issues/LevelBadge.tsx';

function time(ms: number): string {
  const at = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${at.toLocaleDateString()} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
}

/** A column's header, in Sentry's words for the record's own fields. */
export const columnLabel = (field: string) =>
  ({ timestamp: 'Time', severity: 'Level', message: 'Message' })[field] ?? field;

/** A column's value of a record: its own fields by the `logs` dataset's names, else its attribute. */
function cellOf(log: LogRecord, field: string): string {
  const key = /^tags\[([^,\]]+)(?:,\w+)?\]$/.exec(field)?.[1] ?? field;
  const own: Record<string, unknown> = {
    trace: log.traceId,
    span_id: log.spanId,
    'trace.span_id': log.spanId,
    severity_number: log.severityNumber,
    'project.id': log.projectId,
  };
  const value = Object.hasOwn(own, key)
    ? own[key]
    : (log.attributes[key] ?? log.attributes[`sentry.${key}`] ?? null);
  return value === null || value === undefined ? '' : String(value);
}

function Cell({ log, field }: { log: LogRecord; field: string }) {
  switch (field) {
    case 'timestamp':
      return <td className="log-time">{time(log.timestamp)}</td>;
    case 'severity':
      return (
        <td className="log-level">
          <LevelBadge level={log.level} />
        </td>
      );
    case 'message':
      return <td className="log-body">{log.body}</td>;
    default:
      return <td className="log-attribute">{cellOf(log, field)}</td>;
  }
}

type OnFilter = (key: string, value: string) => void;

function LogDetails({ log, onFilter }: { log: LogRecord; onFilter: OnFilter }) {
  const attributes = Object.entries(log.attributes).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="log-details" data-testid="log-details">
      <dl>
        <dt>Trace</dt>
        <dd>
          {log.traceId ? (
            <>
              <a
                href={hrefFor('traces', [log.traceId], {
                  project: String(log.projectId),
                  timestamp: new Date(log.timestamp).toISOString(),
                })}
                title="Open the trace"
              >
                <code>{log.traceId}</code>
              </a>{' '}
              <a
                href={hrefFor('issues', [], {
                  project: String(log.projectId),
                  query: `trace:${log.traceId}`,
                })}
              >
                issues of this trace
              </a>
            </>
          ) : (
            <span className="muted">none</span>
          )}
        </dd>
        {log.spanId && (
          <>
            <dt>Span</dt>
            <dd>
              <code>{log.spanId}</code>
            </dd>
          </>
        )}
        <dt>Severity</dt>
        <dd>{log.severityNumber ?? <span className="muted">none</span>}</dd>
      </dl>
      <table className="log-attributes" aria-label="Attributes">
        <tbody>
          {attributes.map(([key, value]) => (
            <tr key={key}>
              <th>{key}</th>
              <td>
                {value === null ? (
                  <code>null</code>
                ) : (
                  <button
                    type="button"
                    className="log-attribute-value"
                    title={`Search for ${key}:${String(value)}`}
                    onClick={() => onFilter(key, String(value))}
                  >
                    <code>{String(value)}</code>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function LogRow({
  log,
  fields,
  open,
  onToggle,
  onFilter,
}: {
  log: LogRecord;
  fields: readonly string[];
  open: boolean;
  onToggle: () => void;
  onFilter: OnFilter;
}) {
  return (
    <>
      <tr className="log-row" data-level={log.level} aria-expanded={open} onClick={onToggle}>
        {fields.map((field) => (
          <Cell key={field} log={log} field={field} />
        ))}
      </tr>
      {open && (
        <tr>
          <td colSpan={fields.length}>
            <LogDetails log={log} onFilter={onFilter} />
          </td>
        </tr>
      )}
    </>
  );
}
