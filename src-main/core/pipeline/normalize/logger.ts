import type { NormalizeStage } from './types.ts';

export const MAX_LOGGER_CHARS = 64;

/**
 * Relay's `shorten_logger`: a logger longer than 64 characters keeps its tail, cut at a `.`
 * boundary when one is available, and is marked with a leading `*`.
 */
export function shortenLogger(logger: string): string {
  const trimmed = logger.trim();
  // No more characters than UTF-16 units: a short logger (nearly all) needs no list of them.
  if (trimmed.length <= MAX_LOGGER_CHARS) return trimmed;
  const chars = Array.from(trimmed);
  if (chars.length <= MAX_LOGGER_CHARS) return trimmed;
  const tail = chars.slice(chars.length - (MAX_LOGGER_CHARS - 1)).join('');
  const dot = tail.indexOf('.');
  return `*${dot >= 0 && dot < tail.length - 1 ? tail.slice(dot + 1) : tail}`;
}

export const normalizeLogger: NormalizeStage = (event) => {
  const logger = event.logger;
  event.logger = typeof logger === 'string' ? shortenLogger(logger) : '';
};
