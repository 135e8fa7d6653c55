// Public API of Sentry-compatible grouping: hand in an event as Relay stored it, get back the
// hashes and every variant's component tree with Sentry's hints.
import { type GroupingConfigId, getGroupingConfig } from './config.ts';
import { enhancementRules } from './enhancements/bases.ts';
import { type EventData, getString, type JsonValue } from './event-data.ts';
import {
  type FingerprintRule,
  parseFingerprintRulesJson,
  parseFingerprintRulesText,
} from './fingerprinting/rules.ts';
import {
  applyServerSideFingerprinting,
  type FingerprintInfo,
} from './fingerprinting/server-fingerprinting.ts';
import { fingerprintType, resolveFingerprintValues } from './fingerprinting/variables.ts';
import { normalizeEventForGrouping } from './normalize-event.ts';
import { normalizeStacktracesForGrouping } from './normalize-stacktraces.ts';
import { buildComponentTrees } from './strategies/component-trees.ts';
import type { GroupingContext } from './strategies/context.ts';
import {
  checksumVariant,
  componentVariant,
  fallbackVariant,
  fingerprintVariant,
  type GroupingVariantInfo,
  saltedComponentVariant,
} from './variants.ts';

export type { ComponentJson } from './component.ts';
export * from './config.ts';
export type { EventData, JsonValue } from './event-data.ts';
export type { FingerprintInfo } from './fingerprinting/server-fingerprinting.ts';
export { normalizeMessageForGrouping, parameterize } from './parameterization.ts';
export type { GroupingVariantInfo, VariantType } from './variants.ts';

export interface GroupingOptions {
  config?: GroupingConfigId | string;
  /** The project's own stack-trace rules (Sentry's "Stack Trace Rules"), in the rule language. */
  enhancements?: string | null;
  /** The project's fingerprint rules, as text or in Sentry's JSON form. */
  fingerprintingRules?: string | JsonValue | null;
  /**
   * The caller gives the event away (the pipeline's freshly normalized one): grouping writes to it
   * and returns it instead of copying the parts it writes (measured: the copy was ~10% of grouping).
   */
  owned?: boolean;
  /**
   * The caller reads only the hashes and the event (the pipeline): the variants are left without
   * their component trees as JSON (`component: null`), which Grouping info shows and nothing else
   * reads (measured: making them was ~8% of grouping a bench event).
   */
  hashesOnly?: boolean;
}

export interface GroupingInfo {
  config: string;
  /** Non-null variant hashes, `system` last; the first is the primary hash. */
  hashes: string[];
  /** The variant that produced the primary hash. */
  contributingVariant: string | null;
  variants: Record<string, GroupingVariantInfo>;
}

export interface GroupedEvent {
  info: GroupingInfo;
  /** The event as grouping left it: normalized frames, final `fingerprint`, `_fingerprint_info`, `hashes`. */
  event: EventData;
}

const FINGERPRINT_NAMES = {
  client: ['custom_client_fingerprint', 'custom client fingerprint'],
  server: ['custom_server_fingerprint', 'custom server fingerprint'],
  builtin: ['built_in_fingerprint', 'built-in fingerprint'],
} as const;

/** Project rule texts, parsed once (a rule's matchers are compiled once per parsed rule, rules.ts). */
const parsedTexts = new Map<string, FingerprintRule[]>();
const MAX_PARSED_TEXTS = 256;

function projectFingerprintRules(rules: GroupingOptions['fingerprintingRules']): FingerprintRule[] {
  if (rules === null || rules === undefined || rules === '') return [];
  if (typeof rules !== 'string') return parseFingerprintRulesJson(rules);
  let parsed = parsedTexts.get(rules);
  if (!parsed) {
    parsed = parseFingerprintRulesText(rules);
    // Project rules change by a settings edit; a full cache means many of them: start over.
    if (parsedTexts.size >= MAX_PARSED_TEXTS) parsedTexts.clear();
    parsedTexts.set(rules, parsed);
  }
  return parsed;
}

/** `Event.get_hashes_and_variants`: non-null hashes in variant order, `system` sorted last. */
function collectHashes(variants: Record<string, GroupingVariantInfo>): {
  hashes: string[];
  first: string | null;
} {
  const ordered = Object.entries(variants).sort(
    ([a], [b]) => Number(a === 'system') - Number(b === 'system'),
  );
  const hashes: string[] = [];
  let first: string | null = null;
  for (const [name, variant] of ordered) {
    if (variant.hash === null || hashes.includes(variant.hash)) continue;
    if (first === null) first = name;
    hashes.push(variant.hash);
  }
  return { hashes, first };
}

function finish(
  config: string,
  variants: Record<string, GroupingVariantInfo>,
  event: EventData,
): GroupedEvent {
  const { hashes, first } = collectHashes(variants);
  event.hashes = hashes;
  return { info: { config, hashes, contributingVariant: first, variants }, event };
}

export function groupEvent(input: EventData, options: GroupingOptions = {}): GroupedEvent {
  const config = getGroupingConfig(options.config);
  const event = normalizeEventForGrouping(input, options.owned);
  event.grouping_config = { id: config.id, enhancements: config.enhancementsBase };

  const checksum = getString(event, 'checksum');
  if (checksum) {
    const hashed = !/^[0-9a-f]{32}$/.test(checksum);
    return finish(
      config.id,
      { [hashed ? 'hashed_checksum' : 'checksum']: checksumVariant(checksum, hashed) },
      event,
    );
  }

  const server = applyServerSideFingerprinting(
    event,
    projectFingerprintRules(options.fingerprintingRules),
    config.fingerprintingBases,
  );
  event.fingerprint = server.fingerprint;
  if (Object.keys(server.info).length > 0) event._fingerprint_info = JSON.parse(JSON.stringify(server.info));

  const rules = enhancementRules(config.enhancementsBase, options.enhancements);
  const matchFrames = normalizeStacktracesForGrouping(event, rules);

  const fingerprint = resolveFingerprintValues(
    server.fingerprint,
    event,
    config.useLegacyUnknownVariableHandling,
  );
  const type = fingerprintType(fingerprint);
  const ctx: GroupingContext = {
    config,
    event,
    rules,
    platform: getString(event, 'platform') ?? 'other',
    exceptionData: { type: null, value: null, mechanism: null },
    matchFrames,
    mainExceptionId: null,
  };
  const trees = buildComponentTrees(ctx);
  if (ctx.mainExceptionId !== null) event.main_exception_id = ctx.mainExceptionId;

  const info: FingerprintInfo = server.info;
  const tree = options.hashesOnly !== true;
  const variants: Record<string, GroupingVariantInfo> = {};
  if (type === 'custom') {
    const source = server.matchedRule ? (server.matchedRule.isBuiltin ? 'builtin' : 'server') : 'client';
    const [name, label] = FINGERPRINT_NAMES[source];
    const hint = `ignored because ${label} takes precedence`;
    for (const [variant, root] of trees) {
      root.update({ contributes: false, hint });
      variants[variant] = { ...componentVariant(variant, root, tree), hint };
    }
    variants[name] = fingerprintVariant(
      source === 'builtin' ? 'built_in_fingerprint' : 'custom_fingerprint',
      fingerprint,
      info,
      `${label}`,
    );
  } else {
    for (const [variant, root] of trees) {
      variants[variant] =
        type === 'hybrid'
          ? saltedComponentVariant(variant, root, fingerprint, info, tree)
          : componentVariant(variant, root, tree);
    }
  }
  if (!Object.values(variants).some((v) => v.hash !== null)) variants.fallback = fallbackVariant();
  return finish(config.id, variants, event);
}

/** The grouping result as the CLI's `grouping-info` and the UI's "Grouping info" show it. */
export function computeGrouping(event: EventData, options: GroupingOptions = {}): GroupingInfo {
  return groupEvent(event, options).info;
}
