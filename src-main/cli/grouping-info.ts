/**
 * `faultline grouping-info`: how Sentry would group one event. Reads the event JSON as an SDK sends
 * it from stdin, normalizes it as Relay does, groups it, and prints the hashes and every variant's
 * component tree (what the event page shows as "Grouping info").
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  type ComponentJson,
  computeGrouping,
  DEFAULT_GROUPING_CONFIG,
  type EventData,
  GROUPING_CONFIG_IDS,
  isGroupingConfigId,
  type JsonValue,
} from '../core/grouping/index.ts';
import type { JsonObject } from '../core/pipeline/normalize/json.ts';
import { normalizeEvent } from '../core/pipeline/normalize/normalize_event.ts';
import { type CommandResult, UsageError } from './usage.ts';

export const GROUPING_INFO_HELP = `Usage: faultline grouping-info [--config ID] [--enhancements FILE] [--fingerprinting FILE] [--format json] < event.json

Reads one event (JSON, as a Sentry SDK sends it) from stdin, normalizes it as Relay does and
prints how Sentry groups it: the hashes (the first is the primary hash) and, per variant, its
hash, whether it contributes, the hint and the component tree.

Options:
  --config ID           grouping config (default: ${DEFAULT_GROUPING_CONFIG}; known: ${GROUPING_CONFIG_IDS.join(', ')})
  --enhancements FILE   the project's stack-trace rules (Sentry's rule language)
  --fingerprinting FILE the project's fingerprint rules (text, or Sentry's JSON form)
  --format json         the output format (JSON is the only one: the output is data)
  -h, --help            show this help

As in Sentry's grouping test inputs, an event may carry its project rules in
'_grouping.enhancements' and '_fingerprinting_rules'; the options above take precedence.

Output: {"config", "hashes": [...], "variants": {NAME: {"hash", "contributes", "hint", "component"}}}
Exit codes: 0 ok, 1 the event could not be read or grouped, 2 usage error (e.g. unknown config).`;

export interface GroupingInfoOutput {
  config: string;
  hashes: string[];
  variants: Record<
    string,
    { hash: string | null; contributes: boolean; hint: string | null; component: ComponentJson | null }
  >;
}

/** A failure of the input (not of the command line): exit code 1. */
class InputError extends Error {
  readonly type = 'invalid_input';
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseEvent(text: string): JsonObject {
  if (text.trim() === '') throw new InputError('no event on stdin (expected one JSON object)');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`stdin is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InputError(
      `the event must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    );
  return value as JsonObject;
}

function readRulesFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Fingerprint rules as Sentry stores them (JSON) or as a user writes them (text). */
function fingerprintingRulesOf(text: string): string | JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/**
 * Sentry's test inputs configure the project through `_grouping` and `_fingerprinting_rules`;
 * Relay would drop those unknown keys, so they are taken off before normalization.
 */
function splitFixtureKeys(input: JsonObject): {
  event: JsonObject;
  enhancements: string | null;
  fingerprintingRules: JsonValue | null;
} {
  const { _grouping, _fingerprinting_rules, ...event } = input;
  const grouping =
    typeof _grouping === 'object' && _grouping !== null && !Array.isArray(_grouping) ? _grouping : {};
  return {
    event,
    enhancements: typeof grouping.enhancements === 'string' ? grouping.enhancements : null,
    fingerprintingRules: _fingerprinting_rules ?? null,
  };
}

export function groupingInfoOf(
  input: JsonObject,
  options: { config: string; enhancements?: string | null; fingerprintingRules?: string | JsonValue | null },
): GroupingInfoOutput {
  const fixture = splitFixtureKeys(input);
  const { event } = normalizeEvent(fixture.event, { receivedAt: new Date(), projectId: 1 });
  const info = computeGrouping(event as EventData, {
    config: options.config,
    enhancements: options.enhancements ?? fixture.enhancements,
    fingerprintingRules: options.fingerprintingRules ?? fixture.fingerprintingRules,
  });
  const variants: GroupingInfoOutput['variants'] = {};
  for (const [name, variant] of Object.entries(info.variants)) {
    variants[name] = {
      hash: variant.hash,
      contributes: variant.contributes,
      hint: variant.hint,
      component: variant.component,
    };
  }
  return { config: info.config, hashes: info.hashes, variants };
}

export async function groupingInfo(argv: string[]): Promise<CommandResult> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      enhancements: { type: 'string' },
      fingerprinting: { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${GROUPING_INFO_HELP}\n`);
    return { exitCode: 0 };
  }
  if (values.format !== undefined && values.format !== 'json')
    throw new UsageError(`--format must be json, got '${values.format}'`);
  const config = values.config ?? DEFAULT_GROUPING_CONFIG;
  if (!isGroupingConfigId(config))
    throw new UsageError(`unknown grouping config '${config}' (known: ${GROUPING_CONFIG_IDS.join(', ')})`);
  if (process.stdin.isTTY) throw new UsageError('reads the event from stdin: pipe a JSON file into it');

  try {
    const enhancements = values.enhancements === undefined ? null : readRulesFile(values.enhancements);
    const fingerprintingRules =
      values.fingerprinting === undefined
        ? null
        : fingerprintingRulesOf(readRulesFile(values.fingerprinting));
    const event = parseEvent(await readStdin());
    const output = groupingInfoOf(event, { config, enhancements, fingerprintingRules });
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return { exitCode: 0 };
  } catch (error) {
    // Invalid input or rules: name the problem, no usage text (the command line was fine).
    const type = (error as { type?: unknown }).type;
    const prefix = typeof type === 'string' && type !== 'invalid_input' ? `${type}: ` : '';
    process.stderr.write(`faultline grouping-info: ${prefix}${(error as Error).message}\n`);
    return { exitCode: 1 };
  }
}
