/**
 * `faultline query "<snql>"`: runs SnQL against a data dir. When `DIR/server.json` names a live
 * `faultline serve`, the query goes to it over the RPC (its worker owns the DuckDB file); otherwise
 * the stores are opened here, read-only, in-process, with file access disabled in DuckDB.
 * Exit codes: 0 ok, 1 the query failed (invalid, timeout, engine error), 2 usage.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TOKEN_HEADER } from '../../src-shared/api.ts';
import type {
  SnqlErrorBody,
  SnqlExplainResponse,
  SnqlResponse,
  SnqlSuccess,
} from '../../src-shared/snql-api.ts';
import { EVENT_INDEX_FILE } from '../core/pipeline/paths.ts';
import { explainSnql, querySnql } from '../core/snql/service.ts';
import { bodyWithDamageNamed } from '../core/store/damaged-file.ts';
import { eventIndexOpenError } from '../core/store/duckdb/index-file.ts';
import { openDuckdb } from '../core/store/duckdb/open_event_index.ts';
import { checkMetadataFile } from '../core/store/metadata-file.ts';
import { openSqlite } from '../core/store/sqlite.ts';
import { cancellable } from './on-signal.ts';
import { defaultDataDir } from './paths.ts';
import { formatCsv, formatTable } from './query-format.ts';
import { callServer } from './rpc-client.ts';
import { assertDataDirFree, liveServerInfo, type ServerInfo } from './server-info.ts';
import { type CommandResult, decimalInteger, joinNegativeValues, UsageError } from './usage.ts';

export const QUERY_HELP = `Usage: faultline query [--data-dir DIR] [--format json|table|csv] [--explain] [--timeout MS] "<snql>"

Runs a SnQL query over the events dataset (Snuba's query language), e.g.
  faultline query "MATCH (events) SELECT count() AS c BY level
    WHERE project_id = 1 AND timestamp >= toDateTime('2026-01-01') AND timestamp < toDateTime('2026-02-01')"

Options:
  --data-dir DIR   the data dir (default: $XDG_DATA_HOME/faultline or ~/.local/share/faultline)
  --format F       json (Snuba's response body, default), table or csv
  --explain        validate and print the SQL it would run, without running it
  --timeout MS     cancel the query after MS milliseconds (default 30000)
  -h, --help       show this help

Talks to the running 'faultline serve' of DIR if there is one (Ctrl-C stops the query there too),
else reads DIR itself (read-only).
Exit codes: 0 ok, 1 the query failed, 2 usage error.`;

type Format = 'json' | 'table' | 'csv';

interface Options {
  dataDir: string;
  format: Format;
  explain: boolean;
  timeoutMs?: number;
  query: string;
}

function parse(argv: string[]): Options | 'help' {
  const { values, positionals } = parseArgs({
    args: joinNegativeValues(argv, ['timeout']),
    options: {
      'data-dir': { type: 'string' },
      format: { type: 'string' },
      explain: { type: 'boolean' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return 'help';
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'table' && format !== 'csv')
    throw new UsageError(`--format must be json, table or csv, got '${format}'`);
  if (positionals.length !== 1 || positionals[0]?.trim() === '')
    throw new UsageError('give exactly one SnQL query (quote it)');
  const timeoutMs = values.timeout === undefined ? undefined : decimalInteger(values.timeout);
  if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 1))
    throw new UsageError(`--timeout must be a positive integer, got '${values.timeout}'`);
  return {
    dataDir: values['data-dir'] ?? defaultDataDir(),
    format,
    explain: values.explain ?? false,
    query: positionals[0] as string,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  };
}

async function viaServer(info: ServerInfo, options: Options): Promise<SnqlResponse> {
  // Named, so that Ctrl-C stops it on the server too (which otherwise ran on to its timeout).
  const queryId = `cli-${crypto.randomBytes(8).toString('hex')}`;
  const params = {
    query: options.query,
    debug: true,
    queryId,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  };
  const cancel = () => void callServer(info, 'snql.cancel', { queryId }).catch(() => undefined);
  const response = await cancellable(cancel, () =>
    fetch(`${info.url}/rpc/snql.query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: info.token },
      body: JSON.stringify(params),
    }),
  ).catch((error: unknown) => {
    // fetch says only "fetch failed"; its cause says what happened.
    const cause = ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
    throw new Error(
      `the server at ${info.url} (pid ${info.pid}) did not answer (${cause}); if it has stopped, run the query again: it then reads the data dir itself`,
    );
  });
  const body = (await response.json()) as { result?: SnqlResponse; error?: SnqlErrorBody };
  if (body.result) return body.result;
  return { error: body.error ?? { type: 'internal', message: `the server answered ${response.status}` } };
}

async function inProcess(options: Options): Promise<SnqlResponse> {
  assertDataDirFree(options.dataDir);
  checkMetadataFile(options.dataDir);
  const file = path.join(options.dataDir, EVENT_INDEX_FILE);
  if (!fs.existsSync(file)) {
    return {
      error: {
        type: 'unavailable',
        message: `no event index at ${file}: nothing was ingested into this data dir yet`,
      },
    };
  }
  const instance = await openDuckdb(file, {
    access_mode: 'READ_ONLY',
    enable_external_access: 'false',
  }).catch((error: unknown) => {
    throw eventIndexOpenError(file, error);
  });
  const db = openSqlite(options.dataDir, { readonly: true });
  try {
    const result = await querySnql({ connect: () => instance.connect(), db }, options.query, {
      debug: true,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    return 'error' in result ? { error: bodyWithDamageNamed(result.error, options.dataDir) } : result;
  } finally {
    db.close();
    instance.closeSync();
  }
}

function printError(error: SnqlErrorBody, format: Format): void {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ error }, null, 2)}\n`);
    return;
  }
  const where = error.span ? ` (line ${error.span.line}, column ${error.span.column})` : '';
  process.stderr.write(`faultline query: ${error.type}: ${error.message}${where}\n`);
}

function printExplain(result: SnqlExplainResponse, format: Format): CommandResult {
  if ('error' in result) {
    printError(result.error, format);
    return { exitCode: 1 };
  }
  if (format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    process.stdout.write(`${result.sql}\n`);
    result.params.forEach((p, i) => {
      process.stdout.write(`-- $${i + 1} = ${JSON.stringify(p.value)} (${p.type})\n`);
    });
  }
  return { exitCode: 0 };
}

function printResult(result: SnqlSuccess, format: Format): void {
  if (format === 'json') {
    const { params: _params, ...body } = result;
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else if (format === 'csv') {
    process.stdout.write(formatCsv(result));
  } else {
    process.stdout.write(formatTable(result));
    const cut = result.truncated ? ' (truncated)' : '';
    process.stdout.write(`${result.data.length} row(s)${cut} in ${result.timing.duration_ms} ms\n`);
  }
}

export async function query(argv: string[]): Promise<CommandResult> {
  const options = parse(argv);
  if (options === 'help') {
    process.stdout.write(`${QUERY_HELP}\n`);
    return { exitCode: 0 };
  }
  if (options.explain) return printExplain(explainSnql(options.query), options.format);
  const live = liveServerInfo(options.dataDir);
  const result = live ? await viaServer(live, options) : await inProcess(options);
  if ('error' in result) {
    printError(result.error, options.format);
    return { exitCode: 1 };
  }
  printResult(result, options.format);
  return { exitCode: 0 };
}
