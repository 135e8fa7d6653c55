/**
 * Errors are values with a stable `type` (as Snuba's `invalid_query` or Relay's discard reasons).
 * They are mapped to HTTP status, IPC error and CLI exit code at the edges, and nowhere else.
 */
export const ERROR_TYPES = [
  'invalid_params',
  'unknown_method',
  'not_found',
  'unauthorized',
  'forbidden',
  'conflict',
  'invalid_query',
  'timeout',
  'unavailable',
  /** A file of the data dir is damaged: the message names it and what to do. */
  'damaged',
  'internal',
] as const;

export type ErrorType = (typeof ERROR_TYPES)[number];

export interface ErrorPayload {
  type: ErrorType;
  message: string;
}

export class FaultlineError extends Error {
  readonly type: ErrorType;

  constructor(type: ErrorType, message: string) {
    super(message);
    this.name = 'FaultlineError';
    this.type = type;
  }

  toPayload(): ErrorPayload {
    return { type: this.type, message: this.message };
  }
}

export function isErrorType(value: unknown): value is ErrorType {
  return typeof value === 'string' && (ERROR_TYPES as readonly string[]).includes(value);
}

/** Rebuilds a typed error from a payload that crossed a transport (IPC or HTTP). */
export function errorFromPayload(payload: unknown): FaultlineError {
  if (payload && typeof payload === 'object') {
    const { type, message } = payload as Record<string, unknown>;
    if (isErrorType(type)) return new FaultlineError(type, typeof message === 'string' ? message : type);
  }
  return new FaultlineError('internal', 'malformed error from the server');
}
