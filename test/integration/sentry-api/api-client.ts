/** Calls Sentry's web API of a test's core as a tool does: the bearer token, JSON in and out. */
import type { Core } from '../../../src-main/core/core.ts';
import { request } from '../../support/http.ts';

export interface ApiCallOptions {
  method?: string;
  body?: unknown;
  /** `null` sends no token; undefined sends the core's. */
  token?: string | null;
  hostHeader?: string;
}

export function sentryApiClient(core: () => Core) {
  return async (path: string, options: ApiCallOptions = {}) => {
    const token = options.token === undefined ? core().token : options.token;
    const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.hostHeader) headers.host = options.hostHeader;
    const reply = await request(`${core().url}${path}`, {
      method: options.method ?? 'GET',
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    return { ...reply, json: reply.body ? (JSON.parse(reply.body) as unknown) : undefined };
  };
}
