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
