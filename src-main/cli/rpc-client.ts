/**
 * Calls the RPC of a running `faultline serve` (found through DATA_DIR/server.json), so that CLI
 * commands change data through the server that owns it instead of behind its back.
 */
import {
  type ApiMethod,
  type ApiParams,
  type ApiResult,
  type RpcResponse,
  TOKEN_HEADER,
} from '../../src-shared/api.ts';
import { errorFromPayload, FaultlineError } from '../../src-shared/errors.ts';
import { nodeHttp } from '../core/http/node-http.ts';
import type { ServerInfo } from './server-info.ts';

const TIMEOUT_MS = 30_000;

/** node:http rather than fetch: the RPC guard checks Host and Origin, and fetch may set Origin. */
function post(url: URL, token: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = nodeHttp.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          [TOKEN_HEADER]: token,
        },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}

export async function callServer<M extends ApiMethod>(
  server: ServerInfo,
  method: M,
  params: ApiParams<M>,
): Promise<ApiResult<M>> {
  const url = new URL(`/rpc/${method}`, server.url);
  let reply: { status: number; text: string };
  try {
    reply = await post(url, server.token, JSON.stringify(params));
  } catch (error) {
    throw new FaultlineError(
      'unavailable',
      `cannot reach the server at ${server.url}: ${(error as Error).message}`,
    );
  }
  let response: RpcResponse<ApiResult<M>>;
  try {
    response = JSON.parse(reply.text) as RpcResponse<ApiResult<M>>;
  } catch {
    throw new FaultlineError('internal', `the server answered ${reply.status} without a JSON body`);
  }
  if ('error' in response) throw errorFromPayload(response.error);
  return response.result;
}
