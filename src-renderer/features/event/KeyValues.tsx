/**
 * Key–value sections of an event: tags (click adds a filter), contexts (sizes in KiB/MiB/GiB, as
 * Sentry shows them), user, SDK, modules, extra.
 */
import { toggleTagFilter } from '../../../src-shared/issue-search/index.ts';
import { hrefFor } from '../../app/router.ts';
import { display, type Json, obj, str } from './data.ts';
import { readableContextValue } from './readable.ts';

type Readable = (key: string, value: unknown) => { text: string; title: string } | undefined;

export function KvTable({
  data,
  label,
  className,
  readable,
}: {
  data: Json;
  label?: string;
  className?: string;
  /** Shows some values otherwise (sizes in GiB), the exact one in a tooltip. */
  readable?: Readable;
}) {
  return (
    <table className={className ? `kv ${className}` : 'kv'} aria-label={label}>
      <tbody>
        {Object.entries(data).map(([key, value]) => {
          const shown = readable?.(key, value);
          return (
            <tr key={key}>
              <th>{key}</th>
              <td>{shown ? <pre title={shown.title}>{shown.text}</pre> : <pre>{display(value)}</pre>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function Tags({ tags, projectId }: { tags: Array<[string, string]>; projectId: number }) {
  if (tags.length === 0) return null;
  return (
    <section className="card" aria-label="Tags">
      <h2>Tags</h2>
      <div className="tags">
        {tags.map(([key, value]) => (
          <a
            key={key}
            className="tag"
            data-testid="event-tag"
            title="show issues with this tag"
            href={hrefFor('issues', [], {
              project: String(projectId),
              query: toggleTagFilter('is:unresolved', key.replace(/^sentry:/, ''), value),
            })}
          >
            <span className="tag-k">{key.replace(/^sentry:/, '')}</span>
            <span className="tag-v">{value}</span>
          </a>
        ))}
      </div>
    </section>
  );
}

export function Section({ title, data }: { title: string; data: unknown }) {
  const object = obj(data);
  if (!object || Object.keys(object).length === 0) return null;
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      <KvTable data={object} />
    </section>
  );
}

/**
 * A context's fields worth a row: not its `type` (the heading names it) and not empty ones, so an
 * SDK's `cloud_resource: {}` shows nothing rather than a bare heading, as in Sentry.
 */
function contextFields(value: unknown): Json {
  const fields = Object.entries(obj(value) ?? {}).filter(
    ([key, field]) => key !== 'type' && field !== null && field !== undefined,
  );
  return Object.fromEntries(fields);
}

/** A context's type: its `type` field, else its name (as Relay and Sentry read it). */
function contextType(name: string, value: unknown): string {
  return str(obj(value)?.type) ?? name;
}

export function Contexts({ event }: { event: Json }) {
  const contexts = Object.entries(obj(event.contexts) ?? {})
    .map(([name, value]): [string, Json, string] => [name, contextFields(value), contextType(name, value)])
    .filter(([, fields]) => Object.keys(fields).length > 0);
  if (contexts.length === 0) return null;
  return (
    <section className="card" aria-label="Contexts">
      <h2>Contexts</h2>
      <div className="contexts">
        {contexts.map(([name, fields, type]) => (
          <div key={name} className="context" data-testid="event-context">
            <h3>{name}</h3>
            <KvTable data={fields} readable={(key, value) => readableContextValue(type, key, value)} />
          </div>
        ))}
      </div>
    </section>
  );
}

export function Sdk({ event }: { event: Json }) {
  const sdk = obj(event.sdk);
  if (!sdk) return null;
  return (
    <section className="card" aria-label="SDK">
      <h2>SDK</h2>
      <p>
        {str(sdk.name)} {str(sdk.version)}
      </p>
      {Array.isArray(sdk.integrations) && (
        <p className="muted">integrations: {sdk.integrations.join(', ')}</p>
      )}
    </section>
  );
}
