// Every case of Sentry's grouping snapshot corpus, for both configs: the event must produce the
// same hashes (system last) and the same contributing variant as Sentry computed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeGrouping, groupEvent, type JsonValue } from '../../../src-main/core/grouping/index.ts';

const CORPUS_DIR = path.resolve(import.meta.dirname, '../../../../shared/corpus/grouping');

interface GroupingCase {
  name: string;
  event: Record<string, JsonValue> & {
    _grouping?: { enhancements?: string };
    _fingerprinting_rules?: JsonValue;
  };
  config: string;
  hashes: string[];
  contributing_variant: string;
}

interface Provenance {
  note?: string;
}

const FILES = [
  {
    file: 'grouping_cases.jsonl',
    provenance: 'grouping_cases_provenance.json',
    config: 'newstyle:2026-01-20',
  },
  {
    file: 'grouping_cases_2023.jsonl',
    provenance: 'grouping_cases_2023_provenance.json',
    config: 'newstyle:2023-01-11',
  },
];

function loadCases(file: string): GroupingCase[] {
  const text = readFileSync(path.join(CORPUS_DIR, file), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as GroupingCase);
}

function loadProvenance(file: string): Record<string, Provenance> {
  const full = path.join(CORPUS_DIR, file);
  return existsSync(full) ? (JSON.parse(readFileSync(full, 'utf8')) as Record<string, Provenance>) : {};
}

/**
 * Older snapshots name the server-rule variant `custom_fingerprint`; the provenance file says so
 * for the cases concerned, and the hash is unaffected.
 */
function acceptedVariantNames(expected: string, provenance: Provenance | undefined): string[] {
  if (expected === 'custom_fingerprint' && provenance?.note?.includes("'custom_fingerprint'")) {
    return ['custom_fingerprint', 'custom_server_fingerprint', 'custom_client_fingerprint'];
  }
  return [expected];
}

/**
 * Cases we do not match yet, each with what is known of why. They run as `it.fails`: the moment
 * one matches, its test fails until it is taken off this list, so the list can only shrink.
 */
const KNOWN_GAPS: Record<string, string> = {
  'newstyle:2023-01-11/block_invoke':
    'stale expectation: the 2023 snapshot (2e17599b) lets the built-in `**/Containers/Bundle/Application/** +app` rule override the client in_app=false of frame 2; the current code (and the 2026 snapshot, which we match) keeps the client value',
};

const corpusPresent = existsSync(path.join(CORPUS_DIR, FILES[0]!.file));
if (!corpusPresent) console.warn(`grouping corpus not found at ${CORPUS_DIR}; skipping the corpus tests`);

describe.skipIf(!corpusPresent)('Sentry grouping corpus', () => {
  for (const { file, provenance, config } of FILES) {
    const cases = corpusPresent ? loadCases(file) : [];
    const notes = corpusPresent ? loadProvenance(provenance) : {};
    let matched = 0;

    describe(config, () => {
      afterAll(() => {
        console.log(`grouping ${config}: ${matched}/${cases.length} cases match`);
      });

      for (const testCase of cases) {
        const gap = KNOWN_GAPS[`${config}/${testCase.name}`];
        const test = gap ? it.fails : it;
        test(gap ? `${testCase.name} (known gap: ${gap})` : testCase.name, () => {
          const info = computeGrouping(testCase.event, {
            config: testCase.config,
            enhancements: testCase.event._grouping?.enhancements ?? null,
            fingerprintingRules: testCase.event._fingerprinting_rules ?? null,
          });
          expect(info.config).toBe(config);
          expect(info.hashes).toEqual(testCase.hashes);
          // The pipeline's way (its own copy, no component trees as JSON) hashes the same.
          const piped = groupEvent(structuredClone(testCase.event), {
            config: testCase.config,
            enhancements: testCase.event._grouping?.enhancements ?? null,
            fingerprintingRules: testCase.event._fingerprinting_rules ?? null,
            owned: true,
            hashesOnly: true,
          });
          expect(piped.info.hashes).toEqual(testCase.hashes);
          expect(acceptedVariantNames(testCase.contributing_variant, notes[testCase.name])).toContain(
            info.contributingVariant,
          );
          matched += 1;
        });
      }
    });
  }
});
