/**
 * Numeric options take decimal integers only: what `Number()` would also read (hex, binary,
 * exponents, an empty value) is a usage error, and a negative value gets the range error rather
 * than parseArgs' "argument is ambiguous".
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { tempDir } from '../../support/serve.ts';

describe('numeric CLI options', () => {
  it.each([
    ['--port', '0x50'],
    ['--port', '1e3'],
    ['--port', '0b1111101000'],
    ['--port=', ''],
    ['--port', '-1'],
    ['--port=-1', '-1'],
    ['--port', '65536'],
    ['--port', ' 80'],
  ])('serve %s %s is refused with the range error, exit 2', async (option, value) => {
    const args = option.includes('=') ? [option] : [option, value];
    const run = await runCli(['serve', '--data-dir', tempDir(), '--host', '127.0.0.1', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--port must be 0..65535, got '${value}'`);
  });

  it('query --timeout, export and import --project refuse hex and exponents', async () => {
    const dir = tempDir();
    const query = await runCli([
      'query',
      '--data-dir',
      dir,
      '--timeout',
      '1e3',
      'MATCH (events) SELECT count()',
    ]);
    expect([query.code, query.stderr]).toEqual([
      2,
      expect.stringContaining("--timeout must be a positive integer, got '1e3'"),
    ]);
    const exported = await runCli([
      'export',
      '--data-dir',
      dir,
      '--format',
      'jsonl',
      '--out',
      '-',
      '--project',
      '0x1',
    ]);
    expect([exported.code, exported.stderr]).toEqual([
      2,
      expect.stringContaining("--project must be a project id, got '0x1'"),
    ]);
    const imported = await runCli(['import', '--project', '-1', 'nothing.json']);
    expect([imported.code, imported.stderr]).toEqual([
      2,
      expect.stringContaining("--project must be a project id, got '-1'"),
    ]);
  });
});
