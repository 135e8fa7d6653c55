import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../src-main/core/log.ts';
import { RestartLog } from '../../../src-main/core/pipeline/restart-log.ts';

function recording(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (message: string) => lines.push(`${level} ${message}`);
  return { log: { info: write('info'), warn: write('warn'), error: write('error') }, lines };
}

describe('RestartLog', () => {
  it('logs the first failure of a run whole, counts the others, and says when a worker works again', () => {
    const { log, lines } = recording();
    const restarts = new RestartLog(log);
    restarts.working();
    expect(lines).toEqual([]);
    restarts.failed('disk full', 'pipeline worker stopped: disk full');
    restarts.exited(1);
    for (let i = 0; i < 5; i++) {
      restarts.failed('disk full', 'pipeline restart failed');
      restarts.exited(1);
    }
    expect(lines).toEqual([
      'error pipeline worker stopped: disk full',
      'error pipeline worker exited with code 1; restarting (further failures are counted until a worker runs again)',
    ]);
    restarts.working();
    restarts.working();
    expect(lines.slice(2)).toEqual(['warn pipeline worker running again, after 6 failed runs']);
    // A later failure starts a new run, logged whole again.
    restarts.failed('boom', 'pipeline worker failed');
    restarts.exited(3);
    restarts.working();
    expect(lines.slice(3)).toEqual([
      'error pipeline worker failed',
      'error pipeline worker exited with code 3; restarting (further failures are counted until a worker runs again)',
      'warn pipeline worker running again, after 1 failed run',
    ]);
  });
});
