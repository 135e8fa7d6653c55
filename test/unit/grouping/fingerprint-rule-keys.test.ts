/**
 * A project's fingerprint rule whose key is the name of a built-in object property (`constructor`,
 * `toString`) is a key like any other: it used to resolve to a function through the alias table,
 * and grouping then threw on every event of the project.
 */
import { describe, expect, it } from 'vitest';
import { groupEvent } from '../../../src-main/core/grouping/index.ts';

describe('fingerprint rule keys', () => {
  it('groups an event under rules keyed constructor or toString, and still applies the others', () => {
    const event = { exception: { values: [{ type: 'Timeout', value: 'slow' }] } };
    const rules = [
      'constructor:foo -> never',
      'toString:bar -> never',
      'error.type:Timeout -> timeouts',
    ].join('\n');
    const plain = groupEvent(structuredClone(event), {});
    const grouped = groupEvent(structuredClone(event), { fingerprintingRules: rules });
    expect(grouped.info.hashes).toHaveLength(1);
    expect(grouped.info.hashes).not.toEqual(plain.info.hashes);
    const only = groupEvent(structuredClone(event), { fingerprintingRules: 'constructor:foo -> never' });
    expect(only.info.hashes).toEqual(plain.info.hashes);
  });
});
