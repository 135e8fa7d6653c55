/**
 * The API contract over HTTP, for the UI served by `faultline serve`: `POST /rpc/<method>` with
 * the per-launch token in a header, and live updates read from `GET /rpc/events` as a stream
 * (fetch, not EventSource, so the token stays in a header).
 */
import {
  type ApiMethod,
  type ApiParams,
  type ApiResult,
  type ApiTransport,
  type LiveEvent,
  type RpcResponse,
  TOKEN_HEADER,
} from '../../src-shared/api.ts';
import { errorFromPayload, FaultlineError } from '../../src-shared/errors.ts';

const TOKEN_KEY = 'faultline.token';
/** What a user needs to know when the server is gone, instead of the browser's "Failed to fetch". */
const NOT_REACHABLE = `Faultline is not reachable at ${window.location.host}: the server has stopped or is restarting. Start it again (faultline serve) and reload this page.`;
/** Each launch has its own token: a tab from an earlier launch must be opened again. */
const STALE_TOKEN =
  "This page's access token is not the running server's (it was restarted). Open the URL that faultline serve printed (also in server.json of its data dir).";

/**
 * The page is opened as `/#token=…` (or `#/<route>&token=…`): keep the token and take it out of the
 * URL, leaving the route. Kept for the origin, not the tab, so that a link copied from one tab (a
 * console query, an issue) opens in another while this launch runs; only Faultline's own pages
 * share the origin, and the next launch's token replaces it.
 */
export function takeTokenFromLocation(): string {
  const match = /(?:^#|&)token=([0-9a-f]+)/.exec(window.location.hash);
  if (match?.[1]) {
    localStorage.setItem(TOKEN_KEY, match[1]);
    const route = window.location.hash.replace(match[0], '').replace(/^#/, '');
    window.history.replaceState(
      null,
      '',
      `${window.location.pathname}#${route.startsWith('/') ? route : '/issues'}`,
    );
  }
  return localStorage.getItem(TOKEN_KEY) ?? '';
}

export function createHttpTransport(token: string): ApiTransport {
  return {
    async call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
      let response: Response;
      try {
        response = await fetch(`/rpc/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
          body: JSON.stringify(params),
        });
      } catch {
        throw new FaultlineError('unavailable', NOT_REACHABLE);
      }
      let body: RpcResponse<ApiResult<M>>;
      try {
        body = (await response.json()) as RpcResponse<ApiResult<M>>;
      } catch {
        throw new FaultlineError('unavailable', `${NOT_REACHABLE} (it answered HTTP ${response.status})`);
      }
      if ('error' in body) {
        const error = errorFromPayload(body.error);
        throw error.type === 'unauthorized' ? new FaultlineError('unauthorized', STALE_TOKEN) : error;
      }
      return body.result;
    },
    subscribe(listener: (event: LiveEvent) => void): () => void {
      const controller = new AbortController();
      void readEvents(token, controller.signal, listener);
      return () => controller.abort();
    },
  };
}

async function readEvents(
  token: string,
  signal: AbortSignal,
  listener: (event: LiveEvent) => void,
): Promise<void> {
  while (!signal.aborted) {
    try {
      const response = await fetch('/rpc/events', { headers: { [TOKEN_HEADER]: token }, signal });
      if (!response.ok || !response.body) throw new Error(`live updates: HTTP ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const data = buffer
            .slice(0, end)
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n');
          buffer = buffer.slice(end + 2);
          if (data) listener(JSON.parse(data) as LiveEvent);
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    // The server went away (restart): try again shortly.
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
