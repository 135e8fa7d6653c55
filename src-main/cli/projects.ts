/**
 * `faultline projects`: list, create and disable projects and their keys. With a server running on
 * the data dir (DIR/server.json) every change goes through its RPC, so the UI updates live and the
 * ingest cache sees it; otherwise the SQLite store is opened directly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Project, ProjectKey } from '../../src-shared/api.ts';
import { FaultlineError } from '../../src-shared/errors.ts';
import { DEFAULT_HOST, DEFAULT_PORT, loopbackUrl } from '../core/core.ts';
import { prepareDataDir } from '../core/store/data-dir-access.ts';
import { checkMetadataFile } from '../core/store/metadata-file.ts';
import { ProjectStore } from '../core/store/projects.ts';
import { openSqlite, SQLITE_FILE, type SqliteDb } from '../core/store/sqlite.ts';
import { defaultDataDir } from './paths.ts';
import { callServer } from './rpc-client.ts';
import { liveServerInfo } from './server-info.ts';
import { type CommandResult, UsageError } from './usage.ts';

export const PROJECTS_HELP = `Usage: faultline projects list    [--data-dir DIR] [--format json|table]
       faultline projects create NAME [--slug SLUG] [--data-dir DIR] [--format json|table]
       faultline projects disable KEY_OR_PROJECT [--data-dir DIR] [--format json|table]

Lists, creates and disables projects and their client keys (DSNs).

  list             every project with its keys, their state and DSN
  create NAME      a new project with one new key; the slug is derived from NAME unless --slug
                   is given (lowercase letters, digits and dashes; unique)
  disable ARG      disables a key, given by its public key or DSN, or every key of a project,
                   given by its slug or id; ingest then refuses them with 403

Options:
  --data-dir DIR        the data dir (default: $XDG_DATA_HOME/faultline or ~/.local/share/faultline)
  --slug SLUG           the new project's slug (create only)
  --format json|table   output format (default: table)
  -h, --help            show this help

When 'faultline serve' runs on DIR (DIR/server.json), the change goes through it; otherwise the
database in DIR is changed directly, and DSNs are shown for the default port ${DEFAULT_PORT}.
Exit codes: 0 ok, 1 the change failed (e.g. no such key or project), 2 usage error.`;

/** The operations the command needs, from a running server or from the database itself. */
interface ProjectsBackend {
  list(): Promise<Project[]>;
  create(name: string, slug: string | undefined): Promise<Project>;
  setKeyActive(projectId: number, keyId: number, active: boolean): Promise<ProjectKey>;
  close(): void;
}

function serverBackend(dataDir: string): ProjectsBackend | undefined {
  const server = liveServerInfo(dataDir);
  if (!server) return undefined;
  return {
    list: () => callServer(server, 'projects.list', {}),
    create: (name, slug) =>
      callServer(server, 'projects.create', slug === undefined ? { name } : { name, slug }),
    setKeyActive: (projectId, keyId, active) =>
      callServer(server, 'projects.setKeyActive', { projectId, keyId, active }),
    close: () => {},
  };
}

function databaseBackend(dataDir: string, action: string): ProjectsBackend {
  checkMetadataFile(dataDir);
  // Reading or disabling in a folder without data is a mistake (a wrong --data-dir), not an empty list.
  if (action !== 'create' && !fs.existsSync(path.join(dataDir, SQLITE_FILE)))
    throw new FaultlineError(
      'not_found',
      `no Faultline data in ${dataDir} (wrong --data-dir, or run 'faultline serve' once)`,
    );
  // A list only reads: SQLite reads a faultline.sqlite that is read-only to the user (in a folder
  // the user can write, for its -wal and -shm files), so only its failure asks why.
  if (action !== 'list') prepareDataDir(dataDir);
  let db: SqliteDb;
  try {
    db = openSqlite(dataDir);
  } catch (error) {
    prepareDataDir(dataDir);
    throw error;
  }
  const store = new ProjectStore(db, () => loopbackUrl(DEFAULT_HOST, DEFAULT_PORT));
  // As 'faultline serve' does on first start, so project 1 stays the default one.
  store.ensureDefaultProject();
  return {
    list: async () => store.list(),
    create: async (name, slug) => store.create({ name, slug }),
    setKeyActive: async (projectId, keyId, active) => store.setKeyActive(projectId, keyId, active),
    close: () => db.close(),
  };
}

/** A public key, a DSN, a project slug or a project id, to the keys it names. */
function keysNamed(projects: Project[], arg: string): Array<{ project: Project; key: ProjectKey }> {
  const publicKey = publicKeyOf(arg);
  for (const project of projects) {
    const key = project.keys.find((k) => k.publicKey === publicKey);
    if (key) return [{ project, key }];
  }
  const project =
    projects.find((p) => p.slug === arg) ??
    (/^[0-9]+$/.test(arg) ? projects.find((p) => p.id === Number(arg)) : undefined);
  if (!project) throw new FaultlineError('not_found', `no key or project '${arg}'`);
  return project.keys.map((key) => ({ project, key }));
}

function publicKeyOf(arg: string): string {
  if (!arg.includes('://')) return arg.toLowerCase();
  try {
    return new URL(arg).username.toLowerCase();
  } catch {
    return arg;
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, col) => cell.padEnd(widths[col]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function projectsTable(projects: Project[]): string {
  const rows = [['ID', 'SLUG', 'NAME', 'KEY', 'STATUS', 'DSN']];
  for (const project of projects) {
    const base = [String(project.id), project.slug, project.name];
    if (project.keys.length === 0) rows.push([...base, '-', '-', '-']);
    for (const key of project.keys)
      rows.push([...base, key.publicKey, key.isActive ? 'active' : 'disabled', key.dsn]);
  }
  return table(rows);
}

function print(format: string, json: unknown, text: string): void {
  process.stdout.write(format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
}

async function run(backend: ProjectsBackend, action: string, args: string[], format: string, slug?: string) {
  if (action === 'list') {
    const projects = await backend.list();
    print(format, projects, projectsTable(projects));
  } else if (action === 'create') {
    const project = await backend.create(args[0]!, slug);
    print(format, project, projectsTable([project]));
  } else {
    const targets = keysNamed(await backend.list(), args[0]!);
    const disabled: ProjectKey[] = [];
    for (const { project, key } of targets)
      disabled.push(await backend.setKeyActive(project.id, key.id, false));
    const lines = targets.map(
      ({ project }, i) => `disabled key ${disabled[i]!.publicKey} of project ${project.slug}`,
    );
    print(format, disabled, lines.length > 0 ? lines.join('\n') : 'the project has no keys');
  }
}

const ARITY: Record<string, number> = { list: 0, create: 1, disable: 1 };

export async function projects(argv: string[]): Promise<CommandResult> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      format: { type: 'string' },
      slug: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${PROJECTS_HELP}\n`);
    return { exitCode: 0 };
  }
  const [action, ...args] = positionals;
  if (action === undefined) throw new UsageError('missing subcommand: list, create or disable');
  const arity = ARITY[action];
  if (arity === undefined) throw new UsageError(`unknown subcommand '${action}'`);
  if (args.length !== arity)
    throw new UsageError(
      arity === 0 ? `'${action}' takes no arguments` : `'${action}' takes exactly one argument`,
    );
  if (values.slug !== undefined && action !== 'create') throw new UsageError('--slug is for create only');
  const format = values.format ?? 'table';
  if (format !== 'json' && format !== 'table')
    throw new UsageError(`--format must be json or table, got '${format}'`);

  const dataDir = values['data-dir'] ?? defaultDataDir();
  try {
    const backend = serverBackend(dataDir) ?? databaseBackend(dataDir, action);
    try {
      await run(backend, action, args, format, values.slug);
    } finally {
      backend.close();
    }
    return { exitCode: 0 };
  } catch (error) {
    if (!(error instanceof FaultlineError)) throw error;
    process.stderr.write(`faultline projects: ${error.message}\n`);
    return { exitCode: 1 };
  }
}
