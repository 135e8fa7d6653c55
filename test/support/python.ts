/**
 * Debian's Python Sentry SDK (`python3-sentry-sdk`), which installs for /usr/bin/python3 only (the
 * `python3` first on PATH may be another interpreter without it).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export const PYTHON = '/usr/bin/python3';

/** Why the Python SDK cannot run here, or undefined when it can. */
export function pythonSdkMissing(): string | undefined {
  if (!fs.existsSync(PYTHON)) return `${PYTHON} is not installed`;
  try {
    execFileSync(PYTHON, ['-c', 'import sentry_sdk'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'the Python sentry_sdk module is not installed (apt install python3-sentry-sdk)';
  }
}
