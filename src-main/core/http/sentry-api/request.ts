/**
 * What an endpoint of Sentry's web API (`/api/0/…`) receives and answers, and how it reaches the
 * core: through `dispatch`, the boundary the RPC uses, so params are checked by the same contract.
 */
import type { ApiMethod, ApiParams, ApiResult } from '../../../../src-shared/api.ts';
import { errorFromPayload } from '../../../../src-shared/errors.ts';
import { dispatch } from '../../api/dispatch.ts';
import type { CoreContext } from '../../context.ts';
import { SavedQueryInvalid } from '../../discover/drf-fields.ts';

export interface ApiRequest {
  ctx: CoreContext;
  /** Path parameters by name (`org`, `project`, `issue`, `event`), percent-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body of a PUT; undefined without one. */
  body: unknown;
  /** `http://127.0.0.1:PORT/api/0/…` as the client asked for it, for the `Link` header. */
  url: URL;
}

export interface ApiReply {
  status: number;
  /** Omitted for an answer without a body (204, a deletion's 202). */
  body?: unknown;
  headers?: Record<string, string>;
}

export type Endpoint = (request: ApiRequest) => ApiReply | Promise<ApiReply>;

/** An answer other than 200, with Sentry's `{"detail": …}` body (or a field-error object). */
export class SentryApiError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(status: number, detail: string | Record<string, unknown>) {
    super(typeof detail === 'string' ? detail : JSON.stringify(detail));
    this.name = 'SentryApiError';
    this.status = status;
    this.body = typeof detail === 'string' ? { detail } : detail;
  }
}

/** Sentry's text for a resource that does not exist (or that the token may not see). */
export const NOT_FOUND = 'The requested resource does not exist';

export const ok = (body: unknown, headers?: Record<string, string>): ApiReply =>
  headers ? { status: 200, body, headers } : { status: 200, body };

/** Calls an API method of the core; its typed error is thrown as the RPC client would get it. */
export async function callCore<M extends ApiMethod>(
  ctx: CoreContext,
  method: M,
  params: ApiParams<M>,
): Promise<ApiResult<M>> {
  const response = await dispatch(ctx, method, params);
  if ('error' in response) throw errorFromPayload(response.error);
  return response.result as ApiResult<M>;
}

/** Sentry's ids are strings in JSON; a path id that is not a positive integer names nothing. */
export function numericId(text: string): number | undefined {
  if (!/^\d{1,15}$/.test(text)) return undefined;
  const id = Number(text);
  return id > 0 ? id : undefined;
}

/** A body refused by Sentry's serializers' rules (`SavedQueryInvalid`) answers DRF's error object as a 400. */
export function withFieldErrors<T>(save: () => T): T {
  try {
    return save();
  } catch (error) {
    if (error instanceof SavedQueryInvalid) throw new SentryApiError(400, error.errors);
    throw error;
  }
}
