/** How the Caches and Queues pages write their numbers: sizes, shares and the names of what has none. */
import { formatDuration } from '../traces/TraceTimeline.tsx';

/** Bytes as Sentry's size fields read: `512 B`, `1.5 KiB`. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes < 1024) return `${Number(bytes.toFixed(1))} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A duration that may not be there (no span carried it): `—` then. */
export const formatMaybeDuration = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));

/** Spans that name no destination are listed, as Sentry groups them, under this name. */
export const destinationLabel = (destination: string) =>
  destination === '' ? '<no destination>' : destination;

/** Sentry's Queues module calls the publishing side the producer and the processing side the consumer. */
export const actorOf = (op: 'queue.publish' | 'queue.process') =>
  op === 'queue.publish' ? 'Producer' : 'Consumer';
