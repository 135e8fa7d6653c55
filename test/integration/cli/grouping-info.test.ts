import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli as runFaultline } from '../../support/cli.ts';
import { assertBuilt, tempDir } from '../../support/serve.ts';

/** grouping-info reads the event from stdin. */
const runCli = (args: string[], stdin: string) => runFaultline(args, { stdin });

const CORPUS_DIR = path.resolve(import.meta.dirname, '../../../../shared/corpus/grouping');

interface VariantOut {
  hash: string | null;
  contributes: boolean;
  hint: string | null;
  component: { id: string; contributes: boolean; values: unknown[] } | null;
}

interface GroupingInfoOut {
  config: string;
  hashes: string[];
  variants: Record<string, VariantOut>;
}

interface GroupingCase {
  name: string;
  event: Record<string, unknown> & { _grouping?: { enhancements?: string } };
  config: string;
  hashes: string[];
}

function loadCases(file: string): GroupingCase[] {
  return readFileSync(path.join(CORPUS_DIR, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as GroupingCase);
}

/**
 * Where the CLI (Relay normalization, then grouping) differs from the corpus. They run as
 * `it.fails`, so a fix shows up as a failure until the entry is removed.
 */
const KNOWN_GAPS: Record<string, string> = {
  'newstyle:2023-01-11/block_invoke':
    'stale 2023 snapshot (see KNOWN_GAPS in test/unit/grouping/corpus.test.ts)',
};

const FILES = [
  { file: 'grouping_cases.jsonl', config: 'newstyle:2026-01-20' },
  { file: 'grouping_cases_2023.jsonl', config: 'newstyle:2023-01-11' },
];

const corpusPresent = existsSync(path.join(CORPUS_DIR, FILES[0]!.file));
if (!corpusPresent) console.warn(`grouping corpus not found at ${CORPUS_DIR}; skipping the corpus cases`);

beforeAll(() => {
  assertBuilt();
});

describe('faultline grouping-info', () => {
  it('prints config, hashes and every variant with hash, contributes, hint and component tree', async () => {
    const event = {
      platform: 'python',
      exception: [
        {
          type: 'ValueError',
          value: 'invalid literal 42',
          stacktrace: {
            frames: [{ module: 'app.main', function: 'run', filename: 'app/main.py', in_app: true }],
          },
        },
      ],
    };
    const run = await runCli(['grouping-info'], JSON.stringify(event));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as GroupingInfoOut;
    expect(out.config).toBe('newstyle:2026-01-20');
    expect(out.hashes.length).toBeGreaterThan(0);
    expect(out.hashes[0]).toMatch(/^[0-9a-f]{32}$/);
    for (const variant of Object.values(out.variants)) {
      expect(Object.keys(variant).sort()).toEqual(['component', 'contributes', 'hash', 'hint']);
    }
    // The in-app stack decides; the tree shows the frame's function as a contributing value.
    const app = out.variants.app!;
    expect(app.hash).toBe(out.hashes[0]);
    expect(app.contributes).toBe(true);
    expect(app.component?.id).toBe('app');
    expect(JSON.stringify(app.component)).toContain('"run"');
  });

  it('groups with the config given by --config', async () => {
    const event = JSON.stringify({ message: 'Hello there world!' });
    const current = JSON.parse((await runCli(['grouping-info'], event)).stdout) as GroupingInfoOut;
    const run = await runCli(['grouping-info', '--config', 'newstyle:2023-01-11'], event);
    expect(run.code).toBe(0);
    const older = JSON.parse(run.stdout) as GroupingInfoOut;
    expect(older.config).toBe('newstyle:2023-01-11');
    // A message event hashes the same in both configs: only the config id differs.
    expect(older.hashes).toEqual(current.hashes);
    expect(older.variants.default?.contributes).toBe(true);
  });

  it('rejects an unknown config with exit 2 and names the known ones', async () => {
    const run = await runCli(['grouping-info', '--config', 'legacy:2019-03-12'], '{}');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("unknown grouping config 'legacy:2019-03-12'");
    expect(run.stderr).toContain('newstyle:2026-01-20');
  });

  it('fails with exit 1 and names the problem when stdin is not JSON', async () => {
    const run = await runCli(['grouping-info'], '{"platform": "python",');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/not valid JSON/);
  });

  it('fails with exit 1 when stdin holds JSON that is not an event object, or nothing', async () => {
    const array = await runCli(['grouping-info'], '[1, 2]');
    expect(array.code).toBe(1);
    expect(array.stderr).toContain('must be a JSON object');
    const empty = await runCli(['grouping-info'], '');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('no event on stdin');
  });

  it.skipIf(!corpusPresent)('takes the project stack-trace rules from --enhancements FILE', async () => {
    const withRules = loadCases(FILES[0]!.file).find(
      (c) => typeof c.event._grouping?.enhancements === 'string',
    );
    expect(withRules, 'a corpus case with project enhancements').toBeDefined();
    const { _grouping, ...event } = withRules!.event;
    const rulesFile = path.join(tempDir(), 'enhancements.txt');
    writeFileSync(rulesFile, _grouping!.enhancements!);
    const withoutFlag = JSON.parse(
      (await runCli(['grouping-info'], JSON.stringify(event))).stdout,
    ) as GroupingInfoOut;
    const run = await runCli(['grouping-info', '--enhancements', rulesFile], JSON.stringify(event));
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as GroupingInfoOut;
    expect(out.hashes).toEqual(withRules!.hashes);
    expect(withoutFlag.hashes).not.toEqual(withRules!.hashes);
  });

  for (const { file, config } of FILES) {
    describe.skipIf(!corpusPresent).concurrent(`corpus ${config}`, () => {
      const cases = corpusPresent ? loadCases(file) : [];
      for (const testCase of cases) {
        const gap = KNOWN_GAPS[`${config}/${testCase.name}`];
        const test = gap ? it.fails : it;
        test(gap ? `${testCase.name} (known gap: ${gap})` : testCase.name, async () => {
          const run = await runCli(['grouping-info', '--config', config], JSON.stringify(testCase.event));
          expect(run.stderr).toBe('');
          expect(run.code).toBe(0);
          const out = JSON.parse(run.stdout) as GroupingInfoOut;
          expect(out.config).toBe(config);
          expect(out.hashes).toEqual(testCase.hashes);
        });
      }
    });
  }
});
