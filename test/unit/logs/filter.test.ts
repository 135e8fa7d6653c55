/**
 * The Logs page's search: Sentry's grammar over log records (free text on the body, level, trace,
 * attributes with Sentry's `sentry.` prefix, wildcards, comparisons, `has:` and negation).
 */
import { describe, expect, it } from 'vitest';
import { matchesLogFilter, parseLogFilter } from '../../../src-main/core/logs/filter.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { LogRecord } from '../../../src-shared/logs-api.ts';

function record(body: string, level: string, attributes: LogRecord['attributes'] = {}): LogRecord {
  return {
    projectId: 1,
    timestamp: 1_700_000_000_000,
    level,
    severityNumber: level === 'error' ? 17 : 9,
    body,
    traceId: level === 'error' ? 'da9df1550941467dbe950834c87914ae' : null,
    spanId: null,
    attributes,
  };
}

const records = [
  record('User 42 signed in', 'info', {
    'sentry.environment': 'production',
    'sentry.release': 'shop@1.2.0',
    userId: 42,
    region: 'eu-west-1',
  }),
  record('Payment failed: card declined', 'error', {
    'sentry.environment': 'staging',
    userId: 7,
    amount: '19.99',
  }),
  record('cache warmed', 'debug', { region: 'us-east-1' }),
];

const bodies = (query: string) =>
  records.filter((r) => matchesLogFilter(r, parseLogFilter(query))).map((r) => r.body);

describe('the log search', () => {
  it('reads free text as case-insensitive phrases of the body, with * as a wildcard', () => {
    expect(bodies('')).toHaveLength(3);
    expect(bodies('SIGNED in')).toEqual(['User 42 signed in']);
    // Words are one phrase as written, not each anywhere.
    expect(bodies('in signed')).toEqual([]);
    expect(bodies('"card declined" payment')).toEqual(['Payment failed: card declined']);
    expect(bodies('payment*declined')).toEqual(['Payment failed: card declined']);
    expect(bodies('message:*warm*')).toEqual(['cache warmed']);
  });

  it('filters levels, as lists too, and negated', () => {
    expect(bodies('level:error')).toEqual(['Payment failed: card declined']);
    expect(bodies('severity:[debug, warning]')).toEqual(['cache warmed']);
    expect(bodies('level:info,debug')).toEqual(['User 42 signed in', 'cache warmed']);
    expect(bodies('!level:info')).toEqual(['Payment failed: card declined', 'cache warmed']);
  });

  it("finds attributes by name and under Sentry's sentry. prefix", () => {
    expect(bodies('environment:production')).toEqual(['User 42 signed in']);
    expect(bodies('release:shop@1.2.0')).toEqual(['User 42 signed in']);
    expect(bodies('sentry.environment:staging')).toEqual(['Payment failed: card declined']);
    expect(bodies('region:*-1')).toEqual(['User 42 signed in', 'cache warmed']);
    expect(bodies('region:eu-*')).toEqual(['User 42 signed in']);
    // Equality is exact: a part of the value is not it.
    expect(bodies('region:eu')).toEqual([]);
    expect(bodies('!environment:production')).toEqual(['Payment failed: card declined', 'cache warmed']);
    expect(bodies('region:[us-east-1, nowhere]')).toEqual(['cache warmed']);
  });

  it('compares numbers, stored as numbers or as numeric text', () => {
    expect(bodies('userId:>10')).toEqual(['User 42 signed in']);
    expect(bodies('userId:<=7')).toEqual(['Payment failed: card declined']);
    expect(bodies('userId:42')).toEqual(['User 42 signed in']);
    expect(bodies('amount:>=19.5')).toEqual(['Payment failed: card declined']);
    expect(bodies('severity_number:>=13')).toEqual(['Payment failed: card declined']);
  });

  it('has: and !has: look for an attribute or a trace', () => {
    expect(bodies('has:userId')).toEqual(['User 42 signed in', 'Payment failed: card declined']);
    expect(bodies('!has:userId')).toEqual(['cache warmed']);
    expect(bodies('has:environment')).toEqual(['User 42 signed in', 'Payment failed: card declined']);
    expect(bodies('has:trace')).toEqual(['Payment failed: card declined']);
  });

  it('matches a trace id written with dashes or in capitals', () => {
    expect(bodies('trace:DA9DF155-0941-467D-BE95-0834C87914AE')).toEqual(['Payment failed: card declined']);
    expect(bodies('trace_id:da9df1550941467dbe950834c87914ae level:error')).toHaveLength(1);
  });

  it('refuses a search it cannot read, naming each mistake at its place', () => {
    const attempt = (query: string) => {
      try {
        parseLogFilter(query);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const unclosed = attempt('level:error "card');
    expect(unclosed).toBeInstanceOf(FaultlineError);
    expect((unclosed as FaultlineError).type).toBe('invalid_query');
    expect((unclosed as FaultlineError).message).toContain('Missing closing quote (at 12–17');
    const unmatched = attempt('(level:error OR signed') as FaultlineError;
    expect(unmatched.message).toContain('This is commonly caused by unmatched parentheses');
    expect(unmatched.message).toContain("(at 0–1: '(')");
    const dangling = attempt('level:error OR') as FaultlineError;
    expect(dangling.message).toContain("Condition is missing on the right side of 'OR' operator (at 12–14");
    const notNumber = attempt('userId:>many') as FaultlineError;
    expect(notNumber.message).toContain("'>' compares numbers");
  });

  it("joins terms with OR, AND and parentheses as Sentry's Explore does, AND binding tighter", () => {
    expect(bodies('level:debug OR userId:7')).toEqual(['Payment failed: card declined', 'cache warmed']);
    expect(bodies('level:debug or signed in')).toEqual(['User 42 signed in', 'cache warmed']);
    // AND binds tighter: debug, or (info and staging), which no record is.
    expect(bodies('level:debug OR level:info environment:staging')).toEqual(['cache warmed']);
    expect(bodies('(level:debug OR level:info) !has:userId')).toEqual(['cache warmed']);
    expect(bodies('(!level:info OR region:eu-*) has:userId')).toEqual([
      'User 42 signed in',
      'Payment failed: card declined',
    ]);
    // A quoted OR is a word of the body, not an operator.
    expect(bodies('"OR"')).toEqual([]);
  });

  it('keeps records within the time bounds', () => {
    const filter = parseLogFilter('', 1_700_000_000_001);
    expect(records.some((r) => matchesLogFilter(r, filter))).toBe(false);
    expect(matchesLogFilter(records[0]!, parseLogFilter('', undefined, '2023-11-14T22:13:20Z'))).toBe(true);
  });
});
