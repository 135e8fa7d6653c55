/** The `faultline` command: one entry, one small module per command. */
// First, for its effect: sizes libuv's thread pool before anything uses it.
import '../core/thread-pool-size.ts';
import { FAULTLINE_VERSION } from '../core/version.ts';
import type { CommandResult } from './usage.ts';
import { UsageError } from './usage.ts';

interface CommandModule {
  help: string;
  run(argv: string[]): Promise<CommandResult>;
}

interface Command {
  summary: string;
  /**
   * The command's module, loaded when it runs: `serve` then does not load what only the others
   * need (DuckDB's client is ~60 ms of a start).
   */
  load(): Promise<CommandModule>;
}

const COMMANDS: Record<string, Command> = {
  query: {
    summary: 'run a SnQL query over the events dataset',
    load: () => import('./query.ts').then((m) => ({ help: m.QUERY_HELP, run: m.query })),
  },
  serve: {
    summary: 'run Faultline headless (ingest, API and UI on one port)',
    load: () => import('./serve.ts').then((m) => ({ help: m.SERVE_HELP, run: m.serve })),
  },
  export: {
    summary: 'write events to a JSONL, CSV or Parquet file',
    load: () => import('./export.ts').then((m) => ({ help: m.EXPORT_HELP, run: m.exportCommand })),
  },
  import: {
    summary: 'import events (Sentry JSON, envelopes, Snuba messages, exports) through the pipeline',
    load: () => import('./import.ts').then((m) => ({ help: m.IMPORT_HELP, run: m.importCommand })),
  },
  'grouping-info': {
    summary: 'show how Sentry groups an event read from stdin (hashes and variants)',
    load: () =>
      import('./grouping-info.ts').then((m) => ({ help: m.GROUPING_INFO_HELP, run: m.groupingInfo })),
  },
  token: {
    summary: "print the running server's token, for Sentry's tools (SENTRY_AUTH_TOKEN)",
    load: () => import('./token.ts').then((m) => ({ help: m.TOKEN_HELP, run: m.token })),
  },
  projects: {
    summary: 'list, create and disable projects and their keys (DSNs)',
    load: () => import('./projects.ts').then((m) => ({ help: m.PROJECTS_HELP, run: m.projects })),
  },
};

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`,
  );
  return `Usage: faultline <command> [options]

Faultline ${FAULTLINE_VERSION}: Sentry on your laptop.

Commands:
${lines.join('\n')}

Run 'faultline <command> --help' for a command's options.
Exit codes: 0 ok, 1 the command failed, 2 usage error.`;
}

/**
 * A reader that stops early (`faultline query … | head`) closes the pipe: the next write fails with
 * EPIPE, which Node would throw as an unhandled error with its stack. Stop quietly instead, as Unix
 * tools do; `serve` keeps running (its output is only the ready lines). Any other write error
 * (stdout is /dev/full, a full disk) goes to whoever is writing — `export --out -` streams the
 * file and reports it as it does for `--out FILE` — or else ends the command with one line, exit 1.
 */
function onClosedPipe(name: string, keepRunning: boolean): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') {
        if (!keepRunning) process.exit(0);
        return;
      }
      if (keepRunning) throw error;
      if (stream.listenerCount('error') > 1) return;
      if (stream === process.stdout) process.stderr.write(`faultline ${name}: ${error.message}\n`);
      process.exit(1);
    });
  }
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  onClosedPipe(name ?? '', name === 'serve');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${mainHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${FAULTLINE_VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`faultline: unknown command '${name}'\n\n${mainHelp()}\n`);
    return 2;
  }
  const { help, run } = await command.load();
  try {
    return (await run(rest)).exitCode;
  } catch (error) {
    const usage =
      error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`faultline ${name}: ${(error as Error).message}\n`);
    if (usage) process.stderr.write(`\n${help}\n`);
    return usage ? 2 : 1;
  }
}
