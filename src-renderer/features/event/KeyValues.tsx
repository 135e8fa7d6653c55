/**
 * Key–value sections of an event: tags (click adds a filter), contexts (sizes in KiB/MiB/GiB, as
 * Sentry shows them), user, SDK, modules, extra.
 */
import { toggleTagFilter } from '../../../src-shared/issue-search/index.ts';
import { hrefFor } from '../../app/router.ts';
import { fieldLabel, hiddenField } from './context-labels.ts';
import { byKey, display, type Json, obj, str } from './data.ts';
import { hasError, MetaMark, type MetaNode, metaAt, metaChild, ownMeta } from './meta.tsx';
import { contextTitle, readableContextValue } from './readable.ts';

type Readable = (key: string, value: unknown) => { text: string; title: string } | undefined;

/**
 * Fields Relay removed for an error (an invalid value: its annotation keeps the original), listed as
 * Sentry lists them, without a value and marked invalid.
 */
function replacedByErrors(data: Json, meta: MetaNode): Array<[string, null]> {
  return Object.keys(meta ?? {})
    .filter((key) => key !== '' && !Object.hasOwn(data, key) && hasError(metaChild(meta, key)))
    .map((key) => [key, null]);
}

export function KvTable({
  data,
  label,
  className,
  readable,
  meta,
  keyLabel,
}: {
  data: Json;
  label?: string;
  className?: string;
  /** The name a row shows for its key (Sentry's readable names), the key itself in a tooltip. */
  keyLabel?: (key: string) => string;
  /** The `_meta` node of `data`: its values' annotations are marked. */
  meta?: MetaNode;
  /** Shows some values otherwise (sizes in GiB), the exact one in a tooltip. */
  readable?: Readable;
}) {
  return (
    <table className={className ? `kv ${className}` : 'kv'} aria-label={label}>
      <tbody>
        {[...Object.entries(data), ...replacedByErrors(data, meta)].map(([key, value]) => {
          const shown = readable?.(key, value);
          const name = keyLabel?.(key) ?? key;
          return (
            <tr key={key}>
              <th title={name !== key ? key : undefined}>{name}</th>
              <td>
                {shown ? <pre title={shown.title}>{shown.text}</pre> : <pre>{display(value)}</pre>}
                <MetaMark meta={metaChild(meta, key)} value={value} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The `_meta` node of a tag's value in the event's own tags (`[[key, value]]`), if it is one of them. */
function tagMeta(event: Json, key: string): MetaNode {
  const index = Array.isArray(event.tags)
    ? event.tags.findIndex((pair) => Array.isArray(pair) && pair[0] === key)
    : -1;
  return index < 0 ? undefined : metaChild(metaAt(event, 'tags', index), 1);
}

export function Tags({
  tags,
  projectId,
  event,
}: {
  tags: Array<[string, string]>;
  projectId: number;
  event: Json;
}) {
  if (tags.length === 0) return null;
  return (
    <section className="card" aria-label="Tags">
      <h2>Tags</h2>
      <div className="tags">
        {tags.map(([key, value]) => {
          const name = key.replace(/^sentry:/, '');
          return (
            <a
              key={key}
              className="tag"
              data-testid="event-tag"
              title="show issues with this tag"
              href={hrefFor('issues', [], {
                project: String(projectId),
                query: toggleTagFilter('is:unresolved', name, value),
              })}
            >
              <span className="tag-k">{name}</span>
              <span className="tag-v">
                {value}
                <MetaMark meta={tagMeta(event, name)} value={value} />
              </span>
            </a>
          );
        })}
      </div>
    </section>
  );
}

export function Section({
  title,
  data,
  meta,
  sorted = false,
}: {
  title: string;
  data: unknown;
  meta?: MetaNode;
  /** Rows sorted by key (packages, additional data), else in the event's order. */
  sorted?: boolean;
}) {
  const given = obj(data);
  if (!given || Object.keys(given).length === 0) return null;
  const object = sorted ? Object.fromEntries(Object.entries(given).sort(byKey)) : given;
  return (
    <section className="card" aria-label={title}>
      <h2>
        {title} <MetaMark meta={ownMeta(meta)} value={object} />
      </h2>
      <KvTable data={object} meta={meta} />
    </section>
  );
}

/**
 * A context's fields worth a row: not its `type` (the heading names it) and not empty ones, so an
 * SDK's `cloud_resource: {}` shows nothing rather than a bare heading, as in Sentry.
 */
function contextFields(type: string, value: unknown): Json {
  const fields = Object.entries(obj(value) ?? {}).filter(
    ([key, field]) => key !== 'type' && field !== null && field !== undefined && !hiddenField(type, key),
  );
  return Object.fromEntries(fields);
}

/** A context's type: its `type` field, else its name (as Relay and Sentry read it). */
function contextType(name: string, value: unknown): string {
  return str(obj(value)?.type) ?? name;
}

export function Contexts({ event }: { event: Json }) {
  const contexts = Object.entries(obj(event.contexts) ?? {})
    .map(([name, value]): [string, Json, string] => {
      const type = contextType(name, value);
      return [name, contextFields(type, value), type];
    })
    .filter(([, fields]) => Object.keys(fields).length > 0);
  if (contexts.length === 0) return null;
  return (
    <section className="card" aria-label="Contexts">
      <h2>Contexts</h2>
      <div className="contexts">
        {contexts.map(([name, fields, type]) => (
          <div key={name} className="context" data-testid="event-context">
            <h3 title={name}>
              {contextTitle(type, name)}{' '}
              <MetaMark meta={ownMeta(metaAt(event, 'contexts', name))} value={obj(event.contexts)?.[name]} />
            </h3>
            <KvTable
              data={fields}
              meta={metaAt(event, 'contexts', name)}
              readable={(key, value) => readableContextValue(type, key, value)}
              keyLabel={(key) => fieldLabel(type, key)}
            />
          </div>
        ))}
      </div>
    </section>
  );
}

/** Sentry's "Geography": city, subdivision, region (country code). */
function readableGeo(key: string, value: unknown): { text: string; title: string } | undefined {
  const geo = obj(value);
  if (key !== 'geo' || !geo) return undefined;
  const region = str(geo.region);
  const code = str(geo.country_code);
  const text = [str(geo.city), str(geo.subdivision), region && code ? `${region} (${code})` : region]
    .filter(Boolean)
    .join(', ');
  return { text, title: JSON.stringify(geo) };
}

/** The user as Sentry shows it: its fields by their names, without Relay's `sentry_user`. */
export function UserSection({ event }: { event: Json }) {
  const user = Object.fromEntries(
    Object.entries(obj(event.user) ?? {}).filter(([key]) => !hiddenField('user', key)),
  );
  if (Object.keys(user).length === 0) return null;
  const meta = metaAt(event, 'user');
  return (
    <section className="card" aria-label="User">
      <h2>
        User <MetaMark meta={ownMeta(meta)} value={user} />
      </h2>
      <KvTable data={user} meta={meta} readable={readableGeo} keyLabel={(key) => fieldLabel('user', key)} />
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
