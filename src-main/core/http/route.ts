/** A route answers a request it recognises and returns true, or returns false to pass it on. */
import type http from 'node:http';

export type Route = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  pathname: string,
) => boolean | Promise<boolean>;

/** Relay folds duplicate slashes before routing (`middlewares/normalize_path.rs`). */
export function normalizePath(rawUrl: string | undefined): { pathname: string; search: string } {
  const url = rawUrl ?? '/';
  const queryAt = url.indexOf('?');
  const rawPath = queryAt === -1 ? url : url.slice(0, queryAt);
  // Per request: the regular expression only runs when there is something to fold.
  const pathname = rawPath.includes('//') ? rawPath.replace(/\/{2,}/g, '/') : rawPath;
  return { pathname, search: queryAt === -1 ? '' : url.slice(queryAt) };
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': payload.length, ...headers });
  res.end(payload);
}
