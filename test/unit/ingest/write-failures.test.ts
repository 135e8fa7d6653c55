import { expect, it } from 'vitest';
import { WriteFailures } from '../../../src-main/core/ingest/service.ts';
import type { Logger } from '../../../src-main/core/log.ts';

it('a run of failed queue writes is logged once, and counted when a write works again', () => {
  const lines: string[] = [];
  const log: Logger = {
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
    error: (message, error) => lines.push(`error ${message}: ${(error as Error).message}`),
  };
  const failures = new WriteFailures(log);
  failures.succeeded();
  for (let i = 0; i < 1000; i++) failures.failed(new Error('SQLITE_FULL: database or disk is full'));
  failures.succeeded();
  failures.succeeded();
  failures.failed(new Error('SQLITE_FULL again'));
  expect(lines).toEqual([
    'error ingest queue write failed (the next failures are counted until a write succeeds): SQLITE_FULL: database or disk is full',
    'warn ingest queue writes succeed again, after 1000 failed',
    'error ingest queue write failed (the next failures are counted until a write succeeds): SQLITE_FULL again',
  ]);
});
