/**
 * One log record of the Logs page: its line, and on click its attributes and trace (its id opening the
 * trace view around the record's time, as Sentry's Logs explorer links it, and the issues of the trace);
 * an attribute's value adds `key:value` to the search (or takes it out again), as Sentry's does.
 */
import type { LogRecord } from '../../../src-shared/logs-api.ts';
import { hrefFor } from '../../app/router.ts';
import { LevelBadge } from '../issues/LevelBadge.tsx';

function time(ms: number): string {
  const at = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${at.toLocaleDateString()} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
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
  open,
  onToggle,
  onFilter,
}: {
  log: LogRecord;
  open: boolean;
  onToggle: () => void;
  onFilter: OnFilter;
}) {
  return (
    <>
      <tr className="log-row" data-level={log.level} aria-expanded={open} onClick={onToggle}>
        <td className="log-time">{time(log.timestamp)}</td>
        <td className="log-level">
          <LevelBadge level={log.level} />
        </td>
        <td className="log-body">{log.body}</td>
      </tr>
      {open && (
        <tr>
          <td colSpan={3}>
            <LogDetails log={log} onFilter={onFilter} />
          </td>
        </tr>
      )}
    </>
  );
}
