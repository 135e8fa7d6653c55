/**
 * `faultline import`: events into a data dir, through the same pipeline as live events
 * (normalization, grouping, outcomes). A running `faultline serve` of the data dir takes the files
 * over its RPC; otherwise the core is started here for the import and stopped afterwards.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FaultlineError } from '../../src-shared/errors.ts';
import { type ImportReport, TRANSFER_CHUNK_BYTES } from '../../src-shared/export-api.ts';
import { type Core, createCore } from '../core/core.ts';
import { importsOf } from '../core/import/registry.ts';
import { createLogger } from '../core/log.ts';
import { cancellable } from './on-signal.ts';
import { defaultDataDir } from './paths.ts';
import { progressLine } from './progress.ts';
import { callServer } from './rpc-client.ts';
import { liveServerInfo } from './server-info.ts';
import { type CommandResult, decimalInteger, joinNegativeValues, UsageError } from './usage.ts';

export const IMPORT_HELP = `Usage: faultline import [--project ID] [--data-dir DIR] [--format text|json] [--quiet] FILE...

Imports events into the data dir. They go through the same pipeline as events an SDK sends
(normalization, grouping into issues, outcomes). Each FILE is one of:

  - Sentry event JSON: one event object (may be pretty-printed), or one event per line (JSONL)
  - a Sentry envelope, in a file named *.envelope (received when its sent_at says it was sent,
    so its times are kept)
  - Snuba stream-loader messages, one per line: [2, "insert", {..., "data": {event}}, {...}]
    (other message types, such as replacements, are skipped)
  - Faultline's own JSONL export ('faultline export --format jsonl'), which keeps the events'
    receive times

Lines that are not valid JSON or not an event are reported by line number and skipped; the rest
is imported. A FILE that cannot be read is reported and skipped; the other files are imported.

Options:
  --project ID     put every event into this project (default: the project the event names, if
                   it exists here, else project 1)
  --data-dir DIR   the data dir (default: $XDG_DATA_HOME/faultline or ~/.local/share/faultline)
  --format F       text (default) or json: the report of each file
  --quiet          no progress on stderr
  -h, --help       show this help

Uses the running 'faultline serve' of DIR if there is one, else starts the pipeline here.
Ctrl-C stops reading: what was read is imported and reported, the files after it are not (a
second Ctrl-C quits at once).
Exit codes: 0 every line imported, 1 some lines were skipped (the rest was imported), a file
could not be read or Ctrl-C stopped the import, 2 usage error.`;

interface Backend {
  begin(name: string, projectId: number | undefined): Promise<string>;
  chunk(importId: string, bytes: Buffer): Promise<ImportReport>;
  end(importId: string): Promise<ImportReport>;
  close(): Promise<void>;
}

function serverBackend(dataDir: string): Backend | undefined {
  const server = liveServerInfo(dataDir);
  if (!server) return undefined;
  return {
    begin: async (name, projectId) =>
      (await callServer(server, 'import.begin', { name, ...(projectId !== undefined ? { projectId } : {}) }))
        .importId,
    chunk: (importId, bytes) =>
      callServer(server, 'import.chunk', { importId, base64: bytes.toString('base64') }),
    end: (importId) => callServer(server, 'import.end', { importId }),
    close: async () => {},
  };
}

async function localBackend(dataDir: string): Promise<Backend> {
  // Loopback, a free port: the core is up only for the import and serves no one else.
  const core: Core = await createCore({
    dataDir,
    port: 0,
    mode: 'headless',
    log: createLogger({ quiet: true }),
  });
  const imports = importsOf(core.ctx);
  return {
    begin: async (name, projectId) => imports.begin({ name, projectId }).importId,
    chunk: (importId, bytes) => imports.chunk(importId, bytes),
    end: (importId) => imports.end(importId),
    close: () => core.close(),
  };
}

/** Ctrl-C during an import: one for the whole run, so that it also stops the files after the one it lands in. */
interface Interrupt {
  requested: boolean;
}

/**
 * Ctrl-C stops reading at the end of a line; what was read is still imported and reported as such.
 * A second Ctrl-C quits at once: what was queued is then processed when Faultline next runs.
 */
async function importFile(
  backend: Backend,
  file: string,
  projectId: number | undefined,
  quiet: boolean,
  interrupt: Interrupt,
): Promise<ImportReport & { interrupted?: string }> {
  const size = fs.statSync(file).size;
  const importId = await backend.begin(path.basename(file), projectId);
  const progress = progressLine(process.stderr, quiet);
  let read = 0;
  try {
    for await (const whole of fs.createReadStream(file, { highWaterMark: TRANSFER_CHUNK_BYTES })) {
      // Interrupted: on to the end of the line under way, so that no line is cut in two.
      const cut = interrupt.requested ? (whole as Buffer).indexOf(0x0a) : -1;
      const chunk = cut >= 0 ? (whole as Buffer).subarray(0, cut + 1) : (whole as Buffer);
      await backend.chunk(importId, chunk);
      read += chunk.length;
      progress.update(read, size, 'bytes');
      if (cut >= 0) break;
    }
  } finally {
    progress.finish();
  }
  const report = await backend.end(importId);
  return interrupt.requested && read < size
    ? { ...report, interrupted: `after ${read} of ${size} bytes` }
    : report;
}

function printText(file: string, report: ImportReport): void {
  const formats = Object.entries(report.formats)
    .map(([format, n]) => `${n} ${format}`)
    .join(', ');
  process.stdout.write(
    `${file}: ${report.queued} imported${formats ? ` (${formats})` : ''}, ${report.skippedCount} skipped\n`,
  );
  for (const skip of report.skipped) process.stdout.write(`  line ${skip.line}: ${skip.reason}\n`);
  if (report.skippedCount > report.skipped.length)
    process.stdout.write(`  … and ${report.skippedCount - report.skipped.length} more\n`);
}

/** Why `file` cannot be imported, or undefined when it can be read. */
function unreadable(file: string): string | undefined {
  try {
    if (!fs.statSync(file).isFile()) return 'not a file';
    fs.accessSync(file, fs.constants.R_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EACCES') return 'permission denied';
    return (error as Error).message;
  }
}

interface ImportOptions {
  dataDir: string;
  projectId: number | undefined;
  format: 'text' | 'json';
  quiet: boolean;
}

/** Imports each file in turn; the reports of those imported, and whether any line or file failed. */
async function importFiles(
  files: readonly string[],
  options: ImportOptions,
): Promise<{ reports: Array<ImportReport & { file: string; interrupted?: string }>; failed: boolean }> {
  const reports: Array<ImportReport & { file: string; interrupted?: string }> = [];
  let failed = false;
  const backend = serverBackend(options.dataDir) ?? (await localBackend(options.dataDir));
  const interrupt: Interrupt = { requested: false };
  const onInterrupt = () => {
    interrupt.requested = true;
    process.stderr.write(
      '\nfaultline import: interrupted: importing what was read so far (Ctrl-C again to quit now; it is then processed when Faultline next runs on the data dir)\n',
    );
  };
  try {
    // One handler for the whole run: a Ctrl-C after a file was read (while its events are
    // processed, or between two files) stops the files after it too.
    await cancellable(onInterrupt, async () => {
      for (const [index, file] of files.entries()) {
        if (interrupt.requested) {
          process.stderr.write(
            `faultline import: interrupted; not imported: ${files.slice(index).join(', ')}\n`,
          );
          break;
        }
        try {
          const report = await importFile(backend, file, options.projectId, options.quiet, interrupt);
          reports.push({ ...report, file });
          if (report.skippedCount > 0) failed = true;
          if (options.format === 'text') printText(file, report);
          if (report.interrupted) {
            process.stderr.write(
              `faultline import: ${file}: interrupted ${report.interrupted}; the events read so far were imported, the rest of this file and the files after it were not\n`,
            );
            break;
          }
        } catch (error) {
          if (!(error instanceof FaultlineError)) throw error;
          failed = true;
          process.stderr.write(`faultline import: ${file}: ${error.type}: ${error.message}\n`);
          // A missing project fails every file the same way.
          if (error.type === 'not_found') break;
        }
      }
    });
  } finally {
    await backend.close();
  }
  return { reports, failed: failed || interrupt.requested };
}

export async function importCommand(argv: string[]): Promise<CommandResult> {
  const { values, positionals } = parseArgs({
    args: joinNegativeValues(argv, ['project']),
    options: {
      project: { type: 'string' },
      'data-dir': { type: 'string' },
      format: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${IMPORT_HELP}\n`);
    return { exitCode: 0 };
  }
  if (positionals.length === 0) throw new UsageError('give at least one FILE to import');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`--format must be text or json, got '${format}'`);
  const projectId = values.project === undefined ? undefined : decimalInteger(values.project);
  if (projectId !== undefined && (!Number.isInteger(projectId) || projectId < 1))
    throw new UsageError(`--project must be a project id, got '${values.project}'`);

  // As with bad lines, a file that cannot be read is reported and fails the import (exit 1, not a
  // usage error); the files that can be read are still imported.
  const readable: string[] = [];
  let unreadableFiles = false;
  for (const file of positionals) {
    const problem = unreadable(file);
    if (problem === undefined) {
      readable.push(file);
    } else {
      unreadableFiles = true;
      process.stderr.write(`faultline import: ${file}: could not read: ${problem}\n`);
    }
  }
  const { reports, failed } =
    readable.length > 0
      ? await importFiles(readable, {
          dataDir: values['data-dir'] ?? defaultDataDir(),
          projectId,
          format,
          quiet: values.quiet ?? false,
        })
      : { reports: [], failed: false };
  if (format === 'json') process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  return { exitCode: failed || unreadableFiles ? 1 : 0 };
}
