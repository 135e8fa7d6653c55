/**
 * What `faultline serve` and the CLI say when DuckDB cannot open the event index: the advice to
 * move the file aside is for a damaged file only. A full disk or missing permissions are not the
 * file's fault, and following that advice would lose a sound index. DuckDB's messages as it gave
 * them here (a full tmpfs; a data dir of another user).
 */
import { describe, expect, it } from 'vitest';
import { eventIndexOpenError } from '../../../src-main/core/store/duckdb/index-file.ts';

const FILE = '/data/faultline/events.duckdb';

describe('the event index cannot be opened', () => {
  it('on a full disk or without permission: check space and permissions; the file is not blamed', () => {
    for (const duckdb of [
      'IO Error: Could not write file "/data/faultline/events.duckdb.wal": No space left on device',
      'IO Error: Cannot open file "/data/faultline/events.duckdb": Permission denied',
    ]) {
      const { message } = eventIndexOpenError(FILE, new Error(duckdb));
      expect(message).toContain(duckdb);
      expect(message).toContain(
        'check that /data/faultline and its files are writable by you and that the disk has space',
      );
      expect(message).not.toContain('move events.duckdb');
    }
  });

  it('damaged: restore it or move it aside, and what that costs', () => {
    const { message } = eventIndexOpenError(
      FILE,
      new Error('IO Error: Corrupt database file: computed checksum 1'),
    );
    expect(message).toContain('Restore it from a backup, or move events.duckdb');
  });
});
