import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { settingsRefusedError } from './index-file.ts';
import {
  type ColumnSpec,
  CREATE_ERRORS,
  CREATE_GROUP_ATTRIBUTES,
  CREATE_GROUPASSIGNEE,
  CREATE_GROUPEDMESSAGE,
  ERRORS_COLUMNS,
  quoteIdent,
  SCHEMA_VERSION,
} from './schema.ts';

/** The DuckDB event index: one instance, one writing connection, read connections on demand. */
export interface EventIndex {
  readonly path: string;
  readonly instance: DuckDBInstance;
  /** The single connection that appends, runs replacements and checkpoints. */
  readonly writer: DuckDBConnection;
  /** The `errors` columns in the table's physical order (what the Appender expects). */
  readonly errorsColumns: readonly ColumnSpec[];
  /**
   * Runs `work` with the writer connection, one at a time: appends, replacements and checkpoints
   * never interleave on the connection.
   */
  exclusive<T>(work: (writer: DuckDBConnection) => Promise<T>): Promise<T>;
  /** A new connection for reads (SnQL, UI), so reads never queue behind the writer. */
  connect(): Promise<DuckDBConnection>;
  close(): void;
}

export class EventIndexError extends Error {
  readonly type = 'event_index_schema';
}

async function tableColumns(conn: DuckDBConnection, table: string): Promise<string[]> {
  const reader = await conn.runAndReadAll(
    `SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $table ORDER BY column_index`,
    { table },
  );
  return reader.getRowsJS().map(([name]) => String(name));
}

/**
 * Adds columns that a newer Faultline defines to an `errors` table created by an older one.
 * New columns must be nullable or have a default, so old rows stay valid.
 */
async function addMissingColumns(conn: DuckDBConnection): Promise<readonly ColumnSpec[]> {
  const existing = await tableColumns(conn, 'errors');
  const known = new Map(ERRORS_COLUMNS.map((spec) => [spec.name, spec]));
  for (const spec of ERRORS_COLUMNS) {
    if (existing.includes(spec.name)) continue;
    await conn.run(`ALTER TABLE errors ADD COLUMN ${quoteIdent(spec.name)} ${spec.type.toString()}`);
    existing.push(spec.name);
  }
  return existing.map((name) => {
    const spec = known.get(name);
    if (!spec) throw new EventIndexError(`errors table has a column this version does not know: ${name}`);
    return spec;
  });
}

async function migrate(conn: DuckDBConnection): Promise<readonly ColumnSpec[]> {
  await conn.run('CREATE TABLE IF NOT EXISTS faultline_schema (version INTEGER NOT NULL)');
  for (const ddl of [CREATE_ERRORS, CREATE_GROUPEDMESSAGE, CREATE_GROUPASSIGNEE, CREATE_GROUP_ATTRIBUTES]) {
    await conn.run(ddl);
  }
  const columns = await addMissingColumns(conn);
  await conn.run('DELETE FROM faultline_schema');
  await conn.run('INSERT INTO faultline_schema VALUES ($version)', { version: SCHEMA_VERSION });
  return columns;
}

/**
 * DuckDB's memory budget for its buffer pool (blocks read, query state). Its default, 80% of RAM,
 * lets a scan of a big table keep all of it cached: a 1M-event Parquet export grew from 0.57 to
 * 0.75 GB peak RSS over 250k → 1M events with it, against 0.56 → 0.59 GB at 320 MB, at the same
 * speed (lower limits make DuckDB evict and re-read, and a 1M export then takes twice as long).
 * `FAULTLINE_DUCKDB_MEMORY` overrides it (DuckDB's syntax: `1GB`, `512MB`).
 */
export const DUCKDB_MEMORY_LIMIT = process.env.FAULTLINE_DUCKDB_MEMORY ?? '320MB';

/**
 * The options every DuckDB instance over the event index is opened with. Extension autoloading is
 * off: nothing can be downloaded at run time, and a query must not silently depend on it.
 */
export function duckdbOptions(extra: Record<string, string> = {}): Record<string, string> {
  return {
    autoload_known_extensions: 'false',
    autoinstall_known_extensions: 'false',
    memory_limit: DUCKDB_MEMORY_LIMIT,
    ...extra,
  };
}

/**
 * A DuckDB instance over the event index, its time zone pinned to UTC for every connection. The
 * stored timestamps are UTC; DuckDB takes the machine's zone otherwise, and a cast to TIMESTAMPTZ
 * (the Parquet export) or `now()::TIMESTAMP` would shift by its offset. (The zone is no start-up
 * option: the built-in ICU extension registers it, so it is set once the instance is open.)
 */
export async function openDuckdb(path: string, extra: Record<string, string> = {}): Promise<DuckDBInstance> {
  const instance = await DuckDBInstance.create(path, duckdbOptions(extra)).catch((error: unknown) => {
    throw settingsRefusedError(error);
  });
  try {
    const conn = await instance.connect();
    try {
      await conn.run("SET GLOBAL TimeZone = 'UTC'");
    } finally {
      conn.closeSync();
    }
    return instance;
  } catch (error) {
    instance.closeSync();
    throw error;
  }
}

/**
 * Options of the writing instance: its checkpoints do not vacuum. A checkpoint writes the rows
 * appended since the last one as row groups of their own, and DuckDB's vacuum then merges adjacent
 * row groups that are not full, reading back and rewriting all it merges: at each automatic
 * checkpoint (every 16 MiB of WAL, a few thousand rows) the growing last row group was rewritten
 * whole. Into one table, in the worker's statements of 2,000 bench rows, DuckDB's CPU per row grew
 * from ~66 µs (the first 20,000 rows) to ~150 µs (rows 80,000-100,000); without the vacuum it stays
 * at ~57-70 µs (`npm run bench -- pipeline`, stage table). The rows then sit in row groups of a few
 * thousand (17 for 100,000 rows, against 2), which scan as fast and take no more blocks. Row groups
 * whose rows are all deleted (retention) are still freed at a checkpoint.
 */
const WRITER_OPTIONS = { max_vacuum_tasks: '0' };

/** Opens (creating or migrating) the DuckDB file at `path`. */
export async function openEventIndex(path: string): Promise<EventIndex> {
  let instance: DuckDBInstance | undefined;
  let writer: DuckDBConnection;
  let errorsColumns: readonly ColumnSpec[];
  try {
    instance = await openDuckdb(path, WRITER_OPTIONS);
    writer = await instance.connect();
    errorsColumns = await migrate(writer);
  } catch (error) {
    instance?.closeSync();
    // DuckDB's messages do not always name the file (a checksum error names a block).
    const message = (error as Error).message ?? String(error);
    throw new Error(message.includes(path) ? message : `cannot open the event index ${path}: ${message}`);
  }
  const opened = instance;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    path,
    instance: opened,
    writer,
    errorsColumns,
    exclusive<T>(work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
      const result = queue.then(() => work(writer));
      queue = result.catch(() => undefined);
      return result;
    },
    connect: () => opened.connect(),
    close() {
      writer.closeSync();
      opened.closeSync();
    },
  };
}
