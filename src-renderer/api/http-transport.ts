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
import { errorFromPayload } from '../../src-shared/errors.ts';

const TOKEN_KEY = 'faultline.token';

/** The page is opened as `/#token=…`: keep the token for this tab and take it out of the URL. */
export function takeTokenFromLocation(): string {
  const match = /(?:^#|&)token=([0-9a-f]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    window.history.replaceState(null, '', `${window.location.pathname}#/issues`);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function createHttpTransport(token: string): ApiTransport {
  return {
    async call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
      const response = await fetch(`/rpc/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify(params),
      });
      const body = (await response.json()) as RpcResponse<ApiResult<M>>;
      if ('error' in body) throw errorFromPayload(body.error);
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
