/** Runs the built `bin/faultline` as a user would and collects its exit code and output. */
import { spawn } from 'node:child_process';
import { BIN } from './serve.ts';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: {
    stdin?: string;
    env?: NodeJS.ProcessEnv;
    /** Close stdout's reading end at once, as `| head` does once it has its lines. */
    closedStdout?: boolean;
    /** A command that runs node in its place (`setpriv …`, see read-only.ts). */
    prefix?: string[];
  } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const stdinMode = options.stdin === undefined ? 'ignore' : 'pipe';
    const [command, ...commandArgs] = [...(options.prefix ?? []), process.execPath, BIN, ...args];
    const proc = spawn(command!, commandArgs, {
      stdio: [stdinMode, 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    if (options.closedStdout) proc.stdout?.destroy();
    let stdout = '';
    let stderr = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    proc.once('error', reject);
    proc.once('close', (code) => resolve({ code, stdout, stderr }));
    if (options.stdin !== undefined) proc.stdin?.end(options.stdin);
  });
}
