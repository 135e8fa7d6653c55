import { describe, expect, it } from 'vitest';
import {
  fingerprintType,
  resolveFingerprintValues,
} from '../../../src-main/core/grouping/fingerprinting/variables.ts';
import { computeGrouping, type EventData } from '../../../src-main/core/grouping/index.ts';

const event: EventData = {
  platform: 'python',
  level: 'warning',
  logger: 'celery',
  transaction: '/api/0/issues/',
  tags: [['server_name', 'web-1']],
  exception: {
    values: [
      {
        type: 'ValueError',
        value: 'Charlie did not bring 2 balls back!',
        stacktrace: {
          frames: [
            {
              function: 'outer',
              module: 'app.outer',
              filename: 'outer.py',
              abs_path: '/src/outer.py',
              in_app: true,
            },
            {
              function: 'inner',
              module: 'lib.inner',
              filename: 'inner.py',
              package: '/usr/lib/libfoo.so',
              in_app: false,
            },
          ],
        },
      },
    ],
  },
};

describe('fingerprint variables', () => {
  it.each([
    ['{{ transaction }}', '/api/0/issues/'],
    ['{{ message }}', 'Charlie did not bring <int> balls back!'],
    ['{{ type }}', 'ValueError'],
    ['{{ error.type }}', 'ValueError'],
    ['{{ value }}', 'Charlie did not bring 2 balls back!'],
    ['{{ function }}', 'outer'],
    ['{{ stack.function }}', 'outer'],
    ['{{ path }}', '/src/outer.py'],
    ['{{ stack.filename }}', 'outer.py'],
    ['{{ module }}', 'app.outer'],
    ['{{ level }}', 'warning'],
    ['{{ logger }}', 'celery'],
    ['{{ tags.server_name }}', 'web-1'],
    ['{{tags.missing}}', '<no-value-for-tag-missing>'],
    ['plain', 'plain'],
  ])('%s resolves to %s', (variable, expected) => {
    expect(resolveFingerprintValues([variable], event, false)).toEqual([expected]);
  });

  it('uses placeholders when the event lacks the value', () => {
    const bare: EventData = { platform: 'other' };
    expect(
      resolveFingerprintValues(['{{ transaction }}', '{{ function }}', '{{ package }}'], bare, false),
    ).toEqual(['<no-transaction>', '<no-function>', '<no-package>']);
  });

  it('the crash frame package is its basename', () => {
    const crashInPackage: EventData = {
      exception: {
        values: [{ type: 'E', stacktrace: { frames: [{ function: 'f', package: '/usr/lib/libfoo.so' }] } }],
      },
    };
    expect(resolveFingerprintValues(['{{ package }}'], crashInPackage, false)).toEqual(['libfoo.so']);
  });

  it('marks unknown variables in 2026 and keeps them verbatim in 2023', () => {
    expect(resolveFingerprintValues(['{{ foo }}'], event, false)).toEqual(['<unrecognized-variable-foo>']);
    expect(resolveFingerprintValues(['{{ foo }}'], event, true)).toEqual(['{{ foo }}']);
  });

  it('classifies default, hybrid and custom fingerprints', () => {
    expect(fingerprintType(['{{ default }}'])).toBe('default');
    expect(fingerprintType(['{{default}}', 'extra'])).toBe('hybrid');
    expect(fingerprintType(['my-group'])).toBe('custom');
  });

  it('a custom client fingerprint hashes the resolved values', () => {
    const info = computeGrouping({ ...event, fingerprint: ['{{ type }}', 'x'] });
    expect(Object.keys(info.variants)).toContain('custom_client_fingerprint');
    expect(info.variants.custom_client_fingerprint?.values).toEqual(['ValueError', 'x']);
    expect(info.variants.app?.hash).toBeNull();
  });

  it('a server rule replaces the client fingerprint and keeps it in fingerprint info', () => {
    const info = computeGrouping(
      { ...event, fingerprint: ['client'] },
      { fingerprintingRules: 'type:ValueError -> server-side' },
    );
    const variant = info.variants.custom_server_fingerprint;
    expect(variant?.values).toEqual(['server-side']);
    expect(variant?.fingerprintInfo?.client_fingerprint).toEqual(['client']);
  });

  it('the built-in ChunkLoadError rule wins over a hybrid client fingerprint', () => {
    const info = computeGrouping({
      platform: 'javascript',
      fingerprint: ['{{ default }}', 'dogs are great'],
      exception: { values: [{ type: 'ChunkLoadError', value: 'Loading chunk 3 failed.' }] },
    });
    expect(info.contributingVariant).toBe('built_in_fingerprint');
    expect(info.variants.built_in_fingerprint?.values).toEqual(['chunkloaderror']);
  });
});
