import { isObject } from './json.ts';
import type { NormalizeStage } from './types.ts';

/** `sentry_client` is `name/version`; Relay uses it as the SDK when the event names none. */
export function parseSentryClient(client: string): { name: string; version: string } | undefined {
  const slash = client.indexOf('/');
  if (slash <= 0 || slash === client.length - 1) return undefined;
  return { name: client.slice(0, slash).trim(), version: client.slice(slash + 1).trim() };
}

export const normalizeClientSdk: NormalizeStage = (event, ctx) => {
  if (isObject(event.sdk)) return;
  const fromClient = ctx.meta.sentryClient ? parseSentryClient(ctx.meta.sentryClient) : undefined;
  if (fromClient) event.sdk = fromClient;
  else delete event.sdk;
};
