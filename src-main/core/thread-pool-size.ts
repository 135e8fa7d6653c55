/**
 * Imported first by the entries (the CLI, Electron's main), for its effect: libuv's thread pool is
 * sized when first used, from UV_THREADPOOL_SIZE.
 *
 * That pool is one per process, shared by every thread's async file I/O and by DuckDB, whose client
 * runs each query on a pool thread for as long as the query lasts. With Node's default of 4, four
 * slow DuckDB reads (SnQL, an export, the issue pages' tag queries) held every pool thread, and the
 * fdatasync an ack waits for (store/wal-sync.ts) waited behind them: measured, 11.4 s behind four
 * 11 s queries, against 0.6 ms idle. The pipeline worker now runs at most MAX_CONCURRENT_READS
 * reads at once (pipeline/read-limit.ts); with the writer's one statement at a time, DuckDB holds
 * at most 4 of these 8 threads, and the ack path's I/O always finds one free. A value the user set
 * is kept.
 */
export const THREAD_POOL_SIZE = 8;

if (!process.env.UV_THREADPOOL_SIZE) process.env.UV_THREADPOOL_SIZE = String(THREAD_POOL_SIZE);
