/** CLI exit codes are stable: 0 ok, 1 the command failed (e.g. a query error), 2 usage. */
export interface CommandResult {
  exitCode: 0 | 1 | 2;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * A numeric option's value when it is written in decimal digits (a leading `-` allowed), else NaN,
 * which every range check refuses: `Number()` alone takes `0x50`, `1e3`, `0b1111101000`, ` 80 `
 * and, for an empty `--port=`, 0.
 */
export function decimalInteger(text: string): number {
  return /^-?[0-9]{1,15}$/.test(text) ? Number(text) : Number.NaN;
}

/**
 * `--name -1` as `--name=-1`, for the numeric options: node's parseArgs takes a value starting
 * with a dash for an option and says the argument is ambiguous, where the value's own range error
 * is the useful answer. Stops at `--`, after which everything is a positional.
 */
export function joinNegativeValues(argv: string[], names: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') return [...out, ...argv.slice(i)];
    const next = argv[i + 1];
    if (arg.startsWith('--') && names.includes(arg.slice(2)) && next !== undefined && /^-[0-9]/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}
