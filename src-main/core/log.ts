/** A minimal leveled logger: stderr for the CLI, the Electron console for the app. */
export interface Logger {
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

export function createLogger(options: { quiet?: boolean } = {}): Logger {
  const write = (level: string, message: string, details: unknown[]) => {
    if (options.quiet && level === 'info') return;
    const suffix = details.length > 0 ? ` ${details.map(describe).join(' ')}` : '';
    process.stderr.write(`[faultline] ${level}: ${message}${suffix}\n`);
  };
  return {
    info: (message, ...details) => write('info', message, details),
    warn: (message, ...details) => write('warn', message, details),
    error: (message, ...details) => write('error', message, details),
  };
}

function describe(detail: unknown): string {
  if (detail instanceof Error) return detail.stack ?? detail.message;
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}
