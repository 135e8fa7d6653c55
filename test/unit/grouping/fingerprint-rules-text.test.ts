/**
 * A project's Fingerprint Rules written as text, read as Sentry's rule parser reads them: a
 * `{{ variable }}` with spaces inside its braces is one value (Sentry's documented form), an
 * attribute other than `title` is refused, and what does not parse is refused naming its line and
 * column, for Stack Trace Rules too.
 */
import { describe, expect, it } from 'vitest';
import { parseEnhancements } from '../../../src-main/core/grouping/enhancements/rules.ts';
import { parseFingerprintRulesText } from '../../../src-main/core/grouping/fingerprinting/rules.ts';
import { computeGrouping, type EventData } from '../../../src-main/core/grouping/index.ts';

const event = (): EventData => ({
  platform: 'python',
  logger: 'payments',
  exception: {
    values: [
      {
        type: 'CardDeclined',
        value: 'card 4242 declined',
        stacktrace: {
          frames: [
            { function: 'checkout', module: 'shop.checkout', filename: 'checkout.py', in_app: true },
            { function: 'charge', module: 'shop.billing', filename: 'billing.py', in_app: true },
          ],
        },
      },
    ],
  },
});

describe('fingerprint rules as text', () => {
  it('reads "{{ logger }}" with spaces as one value, and resolves it', () => {
    const [rule] = parseFingerprintRulesText('logger:payments -> error-logger, {{ logger }}');
    expect(rule?.fingerprint).toEqual(['error-logger', '{{ logger }}']);
    const info = computeGrouping(event(), {
      fingerprintingRules: 'logger:payments -> error-logger, {{ logger }}',
    });
    expect(info.variants.custom_server_fingerprint).toMatchObject({ values: ['error-logger', 'payments'] });
  });

  it('makes "{{ default }}, foo" a hybrid fingerprint: the stack trace still decides, salted', () => {
    const plain = computeGrouping(event());
    const hybrid = computeGrouping(event(), {
      fingerprintingRules: 'type:CardDeclined -> {{ default }}, foo',
    });
    expect(hybrid.variants.custom_server_fingerprint).toBeUndefined();
    expect(hybrid.variants.app).toMatchObject({ type: 'salted_component', values: ['{{ default }}', 'foo'] });
    expect(hybrid.hashes).not.toEqual(plain.hashes);
    // Another frame in app: another hash, which a custom fingerprint would not give.
    const other = event();
    const frames = (other.exception as { values: Array<{ stacktrace: { frames: object[] } }> }).values[0]
      ?.stacktrace.frames;
    frames?.push({ function: 'refund', module: 'shop.refunds', filename: 'refunds.py', in_app: true });
    const otherHybrid = computeGrouping(other, {
      fingerprintingRules: 'type:CardDeclined -> {{ default }}, foo',
    });
    expect(otherHybrid.hashes[0]).not.toBe(hybrid.hashes[0]);
  });

  it('resolves "{{ function }}" to the crash frame\'s function', () => {
    const info = computeGrouping(event(), {
      fingerprintingRules: 'type:CardDeclined -> declined, {{ function }}',
    });
    expect(info.variants.custom_server_fingerprint).toMatchObject({ values: ['declined', 'charge'] });
  });

  it('keeps a title attribute, and refuses a misspelled one as Sentry does', () => {
    const [rule] = parseFingerprintRulesText('type:CardDeclined -> grp title="Card \\"declined\\""');
    expect(rule).toMatchObject({ fingerprint: ['grp'], attributes: { title: 'Card "declined"' } });
    expect(() => parseFingerprintRulesText('# payments\ntype:CardDeclined -> grp, tilte="Oops"')).toThrow(
      "Unknown attribute 'tilte' (line 2, column 27)",
    );
  });

  it('refuses a line that does not parse, naming its line and column', () => {
    expect(() => parseFingerprintRulesText('type:A -> a\n\n  type:B b')).toThrow(
      'Invalid syntax near "b" (line 3, column 10)',
    );
    expect(() => parseFingerprintRulesText('type:A ->')).toThrow('(line 1, column 10)');
    expect(() => parseFingerprintRulesText('-> a')).toThrow('Invalid syntax near "-> a" (line 1, column 1)');
  });
});

describe('stack trace rules as text', () => {
  it('refuse a line that does not parse, naming its line and column', () => {
    expect(() => parseEnhancements('stack.function:helper* -group\nfunction:foo -gruop', false)).toThrow(
      'Invalid syntax near "-gruop" (line 2, column 14)',
    );
    expect(() => parseEnhancements('# none\nstak.function:foo -app', false)).toThrow('(line 2, column 1)');
  });
});
