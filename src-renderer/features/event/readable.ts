/**
 * Event values as Sentry's event page shows them: byte counts of contexts in KiB/MiB/GiB, and an
 * HTTP breadcrumb as `GET: https://shop.local/api/cart [200]`.
 */
import { type Json, obj, str } from './data.ts';

const BASE2_UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** Sentry's `formatBytesBase2`: below 1 KiB in bytes, else one decimal in the largest unit. */
export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) < 1024) return `${bytes} B`;
  let value = bytes;
  let unit = -1;
  do {
    value /= 1024;
    unit++;
  } while (Math.abs(value) >= 1024 && unit < BASE2_UNITS.length - 1);
  return `${value.toFixed(1)} ${BASE2_UNITS[unit]}`;
}

/**
 * Context fields that hold sizes, per context type, and the unit the protocol gives them in:
 * bytes for device and app (the Node SDK also sends the app's `free_memory`), megabytes for a GPU.
 */
const SIZE_FIELDS: Record<string, Record<string, number>> = {
  device: {
    memory_size: 1,
    free_memory: 1,
    usable_memory: 1,
    storage_size: 1,
    free_storage: 1,
    external_storage_size: 1,
    external_free_storage: 1,
  },
  app: { app_memory: 1, free_memory: 1 },
  gpu: { memory_size: 1024 * 1024 },
};

/** A context field as Sentry shows it, with the exact number for a tooltip; undefined: as it is. */
export function readableContextValue(
  type: string,
  key: string,
  value: unknown,
): { text: string; title: string } | undefined {
  const scale = SIZE_FIELDS[type]?.[key];
  if (scale === undefined || typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    return undefined;
  const bytes = value * scale;
  return { text: formatBytes(bytes), title: `${bytes.toLocaleString('en-US')} bytes` };
}

/** The data an HTTP crumb's line shows; the rest of its data is shown beside it. */
const SHOWN_KEYS = new Set(['method', 'url', 'status_code']);

export interface HttpSummary {
  /** `GET: https://shop.local/api/cart?id=4 [200]` */
  line: string;
  /** The crumb's other data, shown beside it as before. */
  rest: Json;
}

/**
 * An HTTP breadcrumb's request in one line as Sentry renders `type: http` crumbs: `method: ` when there is
 * one, the URL, ` [status]` when there is one.
 */
export function httpSummary(crumb: Json): HttpSummary | undefined {
  if (crumb.type !== 'http') return undefined;
  const data = obj(crumb.data) ?? {};
  const method = str(data.method);
  const url = str(data.url);
  const status = str(data.status_code);
  if (method === undefined && url === undefined && status === undefined) return undefined;
  const line = `${method !== undefined ? `${method}: ` : ''}${url ?? ''}${status !== undefined ? ` [${status}]` : ''}`;
  const rest = Object.fromEntries(Object.entries(data).filter(([key]) => !SHOWN_KEYS.has(key)));
  return { line, rest };
}

/** The titles Sentry gives the known context types; any other context is titled by its key. */
const CONTEXT_TITLES: Record<string, string> = {
  app: 'App',
  browser: 'Browser',
  cloud_resource: 'Cloud Resource',
  culture: 'Culture',
  device: 'Device',
  feedback: 'Feedback',
  gpu: 'Graphics Processing Unit',
  memory_info: 'Memory Info',
  missing_instrumentation: 'Missing OTEL Instrumentation',
  os: 'Operating System',
  otel: 'OpenTelemetry',
  profile: 'Profile',
  replay: 'Replay',
  response: 'Response',
  runtime: 'Runtime',
  state: 'Application State',
  threadpool_info: 'Thread Pool Info',
  trace: 'Trace Details',
  unity: 'Unity',
};

export function contextTitle(type: string, key: string): string {
  return CONTEXT_TITLES[type] ?? key;
}
