/** `faultline serve`: the core headless, with the UI and the RPC over HTTP. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCore, DEFAULT_HOST, DEFAULT_PORT } from '../core/core.ts';
import { ListenError } from '../core/http/server.ts';
import { createLogger } from '../core/log.ts';
import { readSettingsOf } from '../core/settings/settings-store.ts';
import { defaultDataDir, rendererDir } from './paths.ts';
import { removeServerInfo, SERVER_INFO_FILE, writeServerInfo } from './server-info.ts';
import { type CommandResult, decimalInteger, joinNegativeValues, UsageError } from './usage.ts';

/** How long a shutdown may take before the process stops at once (after the pipeline's own 4 s). */
const SHUTDOWN_GRACE_MS = 8000;

export const SERVE_HELP = `Usage: faultline serve [--data-dir DIR] [--host HOST] [--port PORT] [--format text|json]

Runs Faultline headless: SDK ingest, the API and the UI on one port.

Options:
  --data-dir DIR   where events are kept (default: $XDG_DATA_HOME/faultline or ~/.local/share/faultline)
  --host HOST      interface to listen on (default: ${DEFAULT_HOST}; other interfaces only when you say so)
  --port PORT      port for ingest, API and UI (default: the port saved in Settings, else ${DEFAULT_PORT};
                   0 picks a free port)
  --format F       text (default) or json: how to print the URL, DSN and token once ready
                   (json: one line {"url", "port", "token", "dsn", "pid", "dataDir"})
  -h, --help       show this help

On ready it writes DIR/server.json (mode 0600) with the URL, port, token, DSN and pid, and runs
until SIGINT or SIGTERM.
Exit codes: 0 stopped by a signal, 1 could not start or stopped by a failure (the port is in use,
another Faultline uses the data dir, a damaged file: the message names it), 2 usage error.`;

export async function serve(argv: string[]): Promise<CommandResult> {
  const { values } = parseArgs({
    args: joinNegativeValues(argv, ['port']),
    options: {
      'data-dir': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${SERVE_HELP}\n`);
    return { exitCode: 0 };
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`--format must be text or json, got '${format}'`);
  const dataDir = values['data-dir'] ?? defaultDataDir();
  // Without --port: the port saved on the Settings page (8969 until someone changes it).
  const port = values.port === undefined ? readSettingsOf(dataDir).port : decimalInteger(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0..65535, got '${values.port}'`);

  const log = createLogger();
  let fatal: Error | undefined;
  let fail: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => {
    fail = (error) => {
      fatal = error;
      resolve(error);
    };
  });
  let core: Awaited<ReturnType<typeof createCore>>;
  try {
    core = await createCore({
      onFatal: (error) => fail(error),
      dataDir,
      host: values.host ?? DEFAULT_HOST,
      port,
      mode: 'headless',
      httpRpc: true,
      rendererDir: rendererDir(),
      log,
    });
  } catch (error) {
    if (error instanceof ListenError) {
      process.stderr.write(`faultline: ${error.message}\n`);
      return { exitCode: 1 };
    }
    throw error;
  }

  const shutdown = (): Promise<void> => {
    // Never hang on shutdown: whatever is not closed in time is abandoned. Not by process.exit(),
    // which joins the worker threads and so waits for ever on one that does not stop (seen once
    // under load in CI: the pipeline worker idle, the main thread in that join). Everything
    // acknowledged is already committed, and a restart finishes what the pipeline had under way,
    // as after a crash. The pipeline's own stop (pipeline/controller.ts) terminates it after 4 s.
    setTimeout(() => {
      removeServerInfo(dataDir);
      log.warn(`shutdown took more than ${SHUTDOWN_GRACE_MS / 1000} s: stopping at once`);
      process.kill(process.pid, 'SIGKILL');
    }, SHUTDOWN_GRACE_MS).unref();
    return core
      .close()
      .catch((error: unknown) => log.error('shutdown failed', error))
      .finally(() => removeServerInfo(dataDir));
  };
  // Signal handlers first: whoever sees server.json may stop us at once.
  const stopped = new Promise<0>((resolve) => {
    const stop = (signal: string) => {
      log.info(`${signal}: shutting down`);
      void shutdown().then(() => resolve(0));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  // The pipeline could not open its stores (a damaged events.duckdb): nothing would be processed.
  const crashed = failed.then(async (error) => {
    process.stderr.write(`faultline serve: ${error.message}\n`);
    await shutdown();
    return 1 as const;
  });

  // A damaged event index (the worker opens it) stops the start before anything announces a server
  // that would process nothing.
  // (onFatal is called before pipelineStarted settles.)
  const first = await Promise.race([core.pipelineStarted.then(() => 'started' as const), stopped]);
  if (first === 0) return { exitCode: 0 };
  if (fatal) return { exitCode: await crashed };

  const dsn = core.ctx.projects.defaultDsn(1) ?? '';
  const info = { url: core.url, port: core.port, token: core.token ?? '', dsn, pid: process.pid };
  try {
    writeServerInfo(dataDir, info);
  } catch (error) {
    // Without it no other command finds this server; and a server that said it failed must stop.
    process.stderr.write(
      `faultline serve: cannot write ${path.join(dataDir, SERVER_INFO_FILE)}: ${(error as Error).message}. Check that the disk has space and the data dir is writable\n`,
    );
    await shutdown();
    return { exitCode: 1 };
  }
  process.stdout.write(
    format === 'json'
      ? `${JSON.stringify({ ...info, dataDir })}\n`
      : `Faultline is running (data in ${dataDir}).\n` +
          `  Open:  ${core.url}/#token=${core.token}\n` +
          `  DSN:   ${dsn}\n`,
  );
  return { exitCode: await Promise.race([stopped, crashed]) };
}
