/** The HTTP request of an event, with query string, cookies, headers, data and "copy as cURL". */
import { useState } from 'react';
import { display, type Json, obj, pairs, str } from './data.ts';
import { KvTable } from './KeyValues.tsx';
import { MetaMark, metaAt, metaChild, ownMeta } from './meta.tsx';

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

export function curlOf(request: Json): string {
  const query =
    str(request.query_string) ??
    (Array.isArray(request.query_string) ? new URLSearchParams(pairs(request.query_string)).toString() : '');
  const url = `${str(request.url) ?? ''}${query && !(str(request.url) ?? '').includes('?') ? `?${query}` : ''}`;
  const parts = ['curl', '-X', str(request.method) ?? 'GET', shellQuote(url)];
  for (const [name, value] of pairs(request.headers)) parts.push('-H', shellQuote(`${name}: ${value}`));
  if (request.data !== undefined && request.data !== null)
    parts.push('--data', shellQuote(display(request.data)));
  return parts.join(' ');
}

/** The query string as Sentry shows it: one row per parameter (a string is parsed, pairs are kept). */
function queryPairs(query: unknown): Array<[string, string]> {
  const text = str(query);
  if (text !== undefined) return [...new URLSearchParams(text.replace(/^\?/, '')).entries()];
  return pairs(query);
}

/** Cookies as pairs, from Relay's pairs or object, or a raw `a=1; b=2` header string. */
function cookiePairs(cookies: unknown): Array<[string, string]> {
  const text = str(cookies);
  if (text === undefined) return pairs(cookies);
  return text
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part): [string, string] => {
      const at = part.indexOf('=');
      return at === -1 ? [part, ''] : [part.slice(0, at), part.slice(at + 1)];
    });
}

/**
 * One field of the request as a titled table of name–value rows; names may repeat (a header sent
 * twice), so rows are kept. A value's annotation is under its name in the field's `_meta`, or under
 * its index's `1` when the field is Relay's pairs (`[[name, value]]`).
 */
function Pairs({
  title,
  event,
  field,
  read,
}: {
  title: string;
  event: Json;
  field: 'query_string' | 'cookies' | 'headers';
  /** The field's rows, from whichever shape it has. */
  read: (field: unknown) => Array<[string, string]>;
}) {
  const raw = obj(event.request)?.[field];
  const entries = read(raw);
  if (entries.length === 0) return null;
  const meta = metaAt(event, 'request', field);
  const asPairs = Array.isArray(raw);
  return (
    <>
      <h3>
        {title} <MetaMark meta={ownMeta(meta)} value={entries} />
      </h3>
      <table className="kv" aria-label={title}>
        <tbody>
          {entries.map(([name, value], index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: names may repeat
            <tr key={index}>
              <th>{name}</th>
              <td>
                <pre>{value}</pre>
                <MetaMark meta={asPairs ? metaChild(meta, index, 1) : metaChild(meta, name)} value={value} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function RequestSection({ event }: { event: Json }) {
  const request = obj(event.request);
  const [copied, setCopied] = useState(false);
  if (!request) return null;
  return (
    <section className="card" aria-label="Request">
      <h2>Request</h2>
      <p className="request-line" data-testid="request-line">
        <strong>{str(request.method) ?? 'GET'}</strong> <code>{str(request.url)}</code>
        <MetaMark meta={metaAt(event, 'request', 'url')} value={request.url} />
        <button
          type="button"
          onClick={() =>
            navigator.clipboard.writeText(curlOf(request)).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy as cURL'}
        </button>
      </p>
      <Pairs title="Query string" event={event} field="query_string" read={queryPairs} />
      {str(request.fragment) && (
        <p className="muted">
          fragment <code>#{str(request.fragment)}</code>
        </p>
      )}
      <Pairs title="Cookies" event={event} field="cookies" read={cookiePairs} />
      <Pairs title="Headers" event={event} field="headers" read={pairs} />
      {request.data !== undefined && (
        <>
          <h3>
            Body <MetaMark meta={metaAt(event, 'request', 'data')} value={request.data} />
          </h3>
          <pre>{display(request.data)}</pre>
        </>
      )}
      {obj(request.env) && (
        <KvTable label="Environment" data={obj(request.env) ?? {}} meta={metaAt(event, 'request', 'env')} />
      )}
    </section>
  );
}
