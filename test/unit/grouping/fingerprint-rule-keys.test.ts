/**
 * The keys a fingerprint rule's matcher may use are Sentry's (`MATCHERS` in its fingerprinting
 * matchers, plus `tags.<name>`): any other key is refused, in the text syntax with its line and
 * column, as Sentry's validator refuses it ("Unknown matcher"). Before, an unknown key (a typo
 * like `functon:`, or `mechanism:`, which Sentry does not have) was accepted and silently matched
 * nothing. A stored text holding one (written by an older version) is applied as no rules, as
 * Sentry falls back to no project rules.
 */
import { describe, expect, it } from 'vitest';
import {
  parseFingerprintRulesJson,
  parseFingerprintRulesText,
} from '../../../src-main/core/grouping/fingerprinting/rules.ts';
import { groupEvent } from '../../../src-main/core/grouping/index.ts';
import { fingerprintingRulesProblem, usableRules } from '../../../src-main/core/grouping/project-rules.ts';

describe('fingerprint rule keys', () => {
  it("accepts Sentry's keys, their Discover names and tags, negated or not", () => {
    const text = [
      'type:A value:B message:C logger:D level:error -> one',
      'module:m path:/a/** package:p function:f family:native app:yes sdk:sentry.python release:1.* -> two',
      'error.type:A error.value:B stack.module:m stack.abs_path:x stack.package:p stack.function:f -> three',
      '!tags.server_name:web* "tags.a:b":x -> four',
    ].join('\n');
    expect(parseFingerprintRulesText(text)).toHaveLength(4);
  });

  it('refuses an unknown key with its line and column, in the words of Sentry', () => {
    expect(fingerprintingRulesProblem('type:A -> a\n  functon:foo -> b')).toBe(
      "Unknown matcher 'functon' (line 2, column 3)",
    );
    expect(fingerprintingRulesProblem('type:A !mechanism:onerror -> a')).toBe(
      "Unknown matcher 'mechanism' (line 1, column 8)",
    );
    for (const key of ['constructor', 'toString', 'tags.', 'thread.name', 'stack.filename'])
      expect(fingerprintingRulesProblem(`${key}:x -> a`)).toBe(`Unknown matcher '${key}' (line 1, column 1)`);
  });

  it('refuses an unknown key in the JSON form too', () => {
    expect(() =>
      parseFingerprintRulesJson([{ matchers: [['!funtion', 'x']], fingerprint: ['a'], attributes: {} }]),
    ).toThrow("Unknown matcher 'funtion'");
  });

  it('applies a stored text with an unknown key as no rules: the event groups by its stack', () => {
    const event = { exception: { values: [{ type: 'Timeout', value: 'slow' }] } };
    const stored = 'constructor:foo -> never\nerror.type:Timeout -> timeouts';
    expect(usableRules('fingerprinting', stored)).toBeUndefined();
    expect(usableRules('fingerprinting', 'error.type:Timeout -> timeouts')).toBeDefined();
    const plain = groupEvent(structuredClone(event), {});
    const ruled = groupEvent(structuredClone(event), {
      fingerprintingRules: 'error.type:Timeout -> timeouts',
    });
    expect(ruled.info.hashes).not.toEqual(plain.info.hashes);
  });
});
