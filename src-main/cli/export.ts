/**
 * `faultline export`: events out of a data dir as JSONL, CSV or Parquet. When `DIR/server.json`
 * names a live `faultline serve`, its worker (which owns the DuckDB file) writes the export and the
 * finished file is moved to --out; otherwise the stores are opened here (DuckDB read-only). Either
 * way the file appears at --out only when complete; Ctrl-C cancels and leaves nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type ErrorPayload, FaultlineError } from '../../src-shared/errors.ts';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportProgress,
  type ExportRequest,
  exportRequestSchema,
} from '../../src-shared/export-api.ts';
import type { Span } from '../../src-shared/snql/ast.ts';
import { EXPORTS_DIR } from '../core/export/registry.ts';
import { ExportCancelledError, runExport } from '../core/export/run-export.ts';
import { EVENT_INDEX_FILE } from '../core/pipeline/paths.ts';
import { eventIndexOpenError } from '../core/store/duckdb/index-file.ts';
import { openDuckdb } from '../core/store/duckdb/open_event_index.ts';
import { checkMetadataFile } from '../core/store/metadata-file.ts';
import { openSqlite, SQLITE_FILE } from '../core/store/sqlite.ts';
import { assertWritable, deliver, type ExportTarget, exportTarget, writeTo } from './export-target.ts';
import { cancellable } from './on-signal.ts';
import { defaultDataDir } from './paths.ts';
import { progressLine } from './progress.ts';
import { callServer } from './rpc-client.ts';
import { assertDataDirFree, liveServerInfo, type ServerInfo } from './server-info.ts';
import { type CommandResult, decimalInteger, joinNegativeValues, UsageError } from './usage.ts';

export const EXPORT_HELP = `Usage: faultline export --format jsonl|csv|parquet --out FILE
         [--query "<snql>" | --issue SHORTID | --search "<issue search>"]
         [--project ID] [--since T] [--until T] [--with-event] [--data-dir DIR] [--quiet]

Writes events to FILE. Without --query, --issue or --search: every event of the project (or of
every project without --project) in the time range.

Formats:
  jsonl      the full normalized event JSON (as stored), one event per line; 'faultline import'
             reads it back
  csv        the errors columns flattened: lists joined with '|' (a null item as an empty one),
             timestamps ISO 8601 UTC, ids as 32 hex digits, tags as one 'tags[KEY]' column for
             each of the 50 most used keys; a query's columns the same way, tuples as JSON arrays;
             text starting with = + - @ (or a tab, CR) gets a ' in front, so spreadsheets
             show it rather than run it (numbers such as -5 stay as they are)
  parquet    the errors columns with their types (lists stay lists); --with-event adds the full
             event JSON as an 'event' column

Selection:
  --query SNQL      the rows of a SnQL query (its columns; JSONL needs event_id and project_id)
  --issue SHORTID   the events of one issue (PROJ-1A, or its numeric id)
  --search TEXT     the events of the issues an issue search matches ('is:unresolved
                    browser:Chrome'); tag filters apply to each event (default project 1)
  --project ID      only this project
  --since T         events at or after T; --until T: events before T. T is an ISO 8601 date or
                    date-time (UTC unless it has an offset), or an age: 30m, 24h, 14d, 2w

Options:
  --out FILE        where to write (created only when complete; an existing file is replaced;
                    a folder that cannot be written fails before the export runs);
                    - writes to stdout, as do /dev/stdout and FIFOs, once the export is complete
  --with-event      Parquet: add the event JSON column
  --data-dir DIR    the data dir (default: $XDG_DATA_HOME/faultline or ~/.local/share/faultline)
  --quiet           no progress on stderr
  -h, --help        show this help

Progress goes to stderr; Ctrl-C cancels and leaves no file. Uses the running 'faultline serve'
of DIR if there is one, else reads DIR itself (read-only).
Exit codes: 0 ok, 1 the export failed or was cancelled, 2 usage error.`;

interface Options {
  dataDir: string;
  out: ExportTarget;
  request: ExportRequest;
  quiet: boolean;
}

const AGE = /^(\d+)([mhdw])$/;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Whether the year, month and day name a day of the calendar (Date.parse rolls 02-30 over to 03-02). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** An ISO 8601 date or date-time (UTC when it has no offset), or an age such as `24h`. */
export function parseTimeArg(text: string, now = Date.now()): number {
  const age = AGE.exec(text);
  const hasOffset = /(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(text);
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : hasOffset ? text : `${text}Z`;
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  const ms = age
    ? now - Number(age[1]) * (UNIT_MS[age[2] ?? 'm'] ?? 0)
    : day && isCalendarDay(Number(day[1]), Number(day[2]), Number(day[3]))
      ? Date.parse(iso)
      : Number.NaN;
  if (Number.isNaN(ms))
    throw new UsageError(
      `'${text}' is not a time: use an ISO 8601 date or date-time, or an age like 24h or 14d`,
    );
  if (ms < 0) throw new UsageError(`'${text}' is before 1970: no event is that old`);
  return ms;
}

function parse(argv: string[]): Options | 'help' {
  const { values, positionals } = parseArgs({
    args: joinNegativeValues(argv, ['project']),
    options: {
      format: { type: 'string' },
      out: { type: 'string', short: 'o' },
      query: { type: 'string' },
      issue: { type: 'string' },
      search: { type: 'string' },
      project: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      'with-event': { type: 'boolean' },
      'data-dir': { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const format = values.format;
  if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format))
    throw new UsageError(
      `--format must be one of ${EXPORT_FORMATS.join(', ')}${format ? `, got '${format}'` : ''}`,
    );
  if (!values.out) throw new UsageError('--out FILE is required');
  const chosen = [values.query, values.issue, values.search].filter((v) => v !== undefined);
  if (chosen.length > 1) throw new UsageError('give at most one of --query, --issue and --search');
  if (values['with-event'] && format !== 'parquet')
    throw new UsageError('--with-event is for --format parquet');
  const project = values.project === undefined ? undefined : decimalInteger(values.project);
  if (project !== undefined && (!Number.isInteger(project) || project < 1))
    throw new UsageError(`--project must be a project id, got '${values.project}'`);
  const now = Date.now();
  const since = values.since === undefined ? undefined : parseTimeArg(values.since, now);
  const until = values.until === undefined ? undefined : parseTimeArg(values.until, now);
  if (since !== undefined && until !== undefined && since >= until)
    throw new UsageError(`--until (${values.until}) must be later than --since (${values.since})`);
  const candidate = {
    selection: {
      ...(project !== undefined ? { projectId: project } : {}),
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(values.query !== undefined ? { snql: values.query } : {}),
      ...(values.issue !== undefined ? { issue: values.issue } : {}),
      ...(values.search !== undefined ? { search: values.search } : {}),
    },
    format: format as ExportFormat,
    ...(values['with-event'] ? { includeEvent: true } : {}),
  };
  const parsed = exportRequestSchema.safeParse(candidate);
  if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? 'invalid options');
  return {
    dataDir: values['data-dir'] ?? defaultDataDir(),
    out: exportTarget(values.out),
    request: parsed.data,
    quiet: values.quiet ?? false,
  };
}

async function inProcess(options: Options): Promise<{ rows: number; bytes: number }> {
  assertDataDirFree(options.dataDir);
  checkMetadataFile(options.dataDir);
  const indexFile = path.join(options.dataDir, EVENT_INDEX_FILE);
  if (!fs.existsSync(indexFile) || !fs.existsSync(path.join(options.dataDir, SQLITE_FILE)))
    throw new FaultlineError('not_found', `no events in ${options.dataDir} (wrong --data-dir?)`);
  const instance = await openDuckdb(indexFile, { access_mode: 'READ_ONLY' }).catch((error: unknown) => {
    throw eventIndexOpenError(indexFile, error);
  });
  const db = openSqlite(options.dataDir, { readonly: true });
  const progress = progressLine(process.stderr, options.quiet);
  const controller = new AbortController();
  try {
    return await cancellable(
      () => controller.abort(),
      () =>
        writeTo(options.out, (file) =>
          runExport({ connect: () => instance.connect(), db }, options.request, file, {
            signal: controller.signal,
            onProgress: ({ rows, total }) => progress.update(rows, total, 'rows'),
          }),
        ),
    );
  } finally {
    progress.finish();
    db.close();
    instance.closeSync();
  }
}

/** A failed export as the server reported it; an invalid query keeps the position it points at. */
class ExportFailure extends FaultlineError {
  readonly span: Span | undefined;
  constructor(payload: (ErrorPayload & { span?: Span }) | null) {
    super(payload?.type ?? 'internal', payload?.message ?? 'the export failed');
    this.span = payload?.span;
  }
}

/** ` (line L, column C)` for an error that points into the query, as `faultline query` prints it. */
function position(error: unknown): string {
  const span = (error as { span?: Span }).span;
  return span ? ` (line ${span.line}, column ${span.column})` : '';
}

async function viaServer(server: ServerInfo, options: Options): Promise<{ rows: number; bytes: number }> {
  const progress = progressLine(process.stderr, options.quiet);
  let state: ExportProgress = await callServer(server, 'export.start', options.request);
  const exportId = state.exportId;
  let cancelled = false;
  try {
    state = await cancellable(
      () => {
        cancelled = true;
        void callServer(server, 'export.cancel', { exportId }).catch(() => undefined);
      },
      async () => {
        let current = state;
        while (current.state === 'running') {
          progress.update(current.rows, current.total, 'rows');
          await new Promise((resolve) => setTimeout(resolve, 200));
          current = await callServer(server, 'export.status', { exportId });
        }
        return current;
      },
    );
  } finally {
    progress.finish();
  }
  if (state.state === 'cancelled' || cancelled) throw new ExportCancelledError();
  if (state.state === 'failed' || !state.file) throw new ExportFailure(state.error);
  await deliver(path.join(options.dataDir, EXPORTS_DIR, state.file), options.out);
  return { rows: state.rows, bytes: state.bytes ?? 0 };
}

export async function exportCommand(argv: string[]): Promise<CommandResult> {
  const options = parse(argv);
  if (options === 'help') {
    process.stdout.write(`${EXPORT_HELP}\n`);
    return { exitCode: 0 };
  }
  assertWritable(options.out);
  const server = liveServerInfo(options.dataDir);
  try {
    const result = server ? await viaServer(server, options) : await inProcess(options);
    if (!options.quiet)
      process.stderr.write(
        `exported ${result.rows} row(s) to ${options.out.label} (${result.bytes} bytes)\n`,
      );
    return { exitCode: 0 };
  } catch (error) {
    if (error instanceof ExportCancelledError) {
      process.stderr.write('faultline export: cancelled; nothing was written\n');
      return { exitCode: 1 };
    }
    const type = (error as { type?: unknown }).type;
    if (error instanceof FaultlineError || typeof type === 'string') {
      process.stderr.write(
        `faultline export: ${String(type)}: ${(error as Error).message}${position(error)}\n`,
      );
      return { exitCode: 1 };
    }
    throw error;
  }
}
