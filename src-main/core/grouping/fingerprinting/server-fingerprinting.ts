// `apply_server_side_fingerprinting`: the project's rules, then the config's built-in bases; the
// first matching rule replaces the client fingerprint, which is kept in `_fingerprint_info`.
import type { EventData, JsonObject } from '../event-data.ts';
import { getArray } from '../event-data.ts';
import { BUILTIN_FINGERPRINTING_BASES } from './builtin-rules.ts';
import {
  type EventValuesCache,
  type FingerprintRule,
  type FingerprintRuleJson,
  parseFingerprintRulesText,
  ruleMatches,
  ruleToJson,
} from './rules.ts';
import { DEFAULT_FINGERPRINT_VALUE, isDefaultFingerprintVariable } from './variables.ts';

export interface FingerprintInfo {
  client_fingerprint?: string[];
  matched_rule?: FingerprintRuleJson;
}

export interface ServerFingerprintResult {
  fingerprint: string[];
  info: FingerprintInfo;
  matchedRule: FingerprintRule | null;
}

const builtinCache = new Map<string, FingerprintRule[]>();
/** The rules of a config's list of bases (a constant of the config), flattened once per list. */
const builtinListCache = new WeakMap<readonly string[], FingerprintRule[]>();

export function builtinFingerprintRules(bases: readonly string[]): FingerprintRule[] {
  let list = builtinListCache.get(bases);
  if (!list) {
    list = bases.flatMap((base) => {
      let rules = builtinCache.get(base);
      if (!rules) {
        rules = parseFingerprintRulesText(BUILTIN_FINGERPRINTING_BASES[base] ?? '', true);
        builtinCache.set(base, rules);
      }
      return rules;
    });
    builtinListCache.set(bases, list);
  }
  return list;
}

export function clientFingerprint(event: EventData): string[] {
  const values = getArray(event, 'fingerprint').map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return values.length > 0 ? values : [DEFAULT_FINGERPRINT_VALUE];
}

export function applyServerSideFingerprinting(
  event: EventData,
  projectRules: FingerprintRule[],
  bases: readonly string[],
): ServerFingerprintResult {
  const client = clientFingerprint(event);
  const info: FingerprintInfo = {};
  if (!(client.length === 1 && isDefaultFingerprintVariable(client[0]!))) info.client_fingerprint = client;
  const values: EventValuesCache = new Map();
  for (const rules of [projectRules, builtinFingerprintRules(bases)]) {
    for (const rule of rules) {
      if (ruleMatches(rule, event, values)) {
        info.matched_rule = ruleToJson(rule);
        return { fingerprint: [...rule.fingerprint], info, matchedRule: rule };
      }
    }
  }
  return { fingerprint: client, info, matchedRule: null };
}

export function fingerprintInfoJson(info: FingerprintInfo): JsonObject {
  return JSON.parse(JSON.stringify(info)) as JsonObject;
}
