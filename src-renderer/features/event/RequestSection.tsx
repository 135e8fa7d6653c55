/** The HTTP request of an event, with headers, data and "copy as cURL". */
import { useState } from 'react';
import { display, type Json, obj, pairs, str } from './data.ts';
import { KvTable } from './KeyValues.tsx';

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

export function RequestSection({ event }: { event: Json }) {
  const request = obj(event.request);
  const [copied, setCopied] = useState(false);
  if (!request) return null;
  const headers = Object.fromEntries(pairs(request.headers));
  return (
    <section className="card" aria-label="Request">
      <h2>Request</h2>
      <p className="request-line" data-testid="request-line">
        <strong>{str(request.method) ?? 'GET'}</strong> <code>{str(request.url)}</code>
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
      {request.query_string !== undefined && <KvTable label="Query" data={{ query: request.query_string }} />}
      {Object.keys(headers).length > 0 && (
        <>
          <h3>Headers</h3>
          <KvTable label="Headers" data={headers} />
        </>
      )}
      {request.data !== undefined && (
        <>
          <h3>Body</h3>
          <pre>{display(request.data)}</pre>
        </>
      )}
      {obj(request.env) && <KvTable label="Environment" data={obj(request.env) ?? {}} />}
    </section>
  );
}
