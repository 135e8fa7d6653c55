/**
 * `faultline token`: prints the token of the `faultline serve` running on the data dir, which
 * Sentry's tools send as `Authorization: Bearer <token>` (e.g. `SENTRY_AUTH_TOKEN` for sentry-cli).
 * Each launch makes a new one.
 */
import { parseArgs } from 'node:util';
import { defaultDataDir } from './paths.ts';
import { liveServerInfo } from './server-info.ts';
import type { CommandResult } from './usage.ts';

export const TOKEN_HELP = `Usage: faultline token [--data-dir DIR]

Prints the API token of the 'faultline serve' running on DIR (from DIR/server.json). Sentry's tools
use it as their auth token against Faultline's Sentry API (/api/0/), e.g.:

  export SENTRY_URL=http://127.0.0.1:8969 SENTRY_ORG=faultline SENTRY_AUTH_TOKEN=$(faultline token)

A new token is made each time serve starts.

Options:
  --data-dir DIR   the data dir (default: $XDG_DATA_HOME/faultline or ~/.local/share/faultline)
  -h, --help       show this help

Exit codes: 0 ok, 1 no server runs on DIR, 2 usage error.`;

export async function token(argv: string[]): Promise<CommandResult> {
  const { values } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${TOKEN_HELP}\n`);
    return { exitCode: 0 };
  }
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const server = liveServerInfo(dataDir);
  if (!server?.token) {
    process.stderr.write(
      `faultline token: no 'faultline serve' runs on ${dataDir} (the token is made when it starts; the desktop app has none)\n`,
    );
    return { exitCode: 1 };
  }
  process.stdout.write(`${server.token}\n`);
  return { exitCode: 0 };
}
