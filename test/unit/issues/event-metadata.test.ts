import { describe, expect, it } from 'vitest';
import { groupEvent } from '../../../src-main/core/grouping/index.ts';
import { deriveIssueAttributes } from '../../../src-main/core/issues/event-metadata.ts';

describe('issue attributes from an event', () => {
  it('titles an error by its last exception and blames the last in-app frame', () => {
    const { event } = groupEvent({
      platform: 'python',
      exception: {
        values: [
          {
            type: 'KeyError',
            value: "'user'\nwhile handling request",
            stacktrace: {
              frames: [
                { module: 'app.views', function: 'index', filename: 'views.py', in_app: true },
                { module: 'django.core', function: 'handle', filename: 'core.py', in_app: false },
              ],
            },
          },
        ],
      },
    });
    const attrs = deriveIssueAttributes(event);
    expect(attrs.type).toBe('error');
    expect(attrs.title).toBe("KeyError: 'user'");
    expect(attrs.culprit).toBe('app.views in index');
    expect(attrs.metadata).toMatchObject({ type: 'KeyError', function: 'index', in_app_frame_mix: 'mixed' });
  });

  it('formats JavaScript culprits as function(module)', () => {
    const attrs = deriveIssueAttributes({
      platform: 'javascript',
      exception: {
        values: [
          {
            type: 'Error',
            value: 'bad',
            stacktrace: { frames: [{ function: 'aha', filename: '/a.js', in_app: true }] },
          },
        ],
      },
    });
    expect(attrs.culprit).toBe('aha(/a.js)');
  });

  it('truncates a long exception value, not the whole title, to 100 characters', () => {
    const value = `Request failed: ${'x'.repeat(200)}\r\nsecond line`;
    const { title } = deriveIssueAttributes({
      exception: { values: [{ type: 'ConnectionRefusedError', value }] },
    });
    expect(title).toBe(`ConnectionRefusedError: ${value.slice(0, 97)}...`);
    expect(deriveIssueAttributes({ exception: { values: [{ type: 'E', value: 'a\r\nb' }] } }).title).toBe(
      'E: a',
    );
  });

  it('strips a message before taking its first line for the title', () => {
    expect(deriveIssueAttributes({ logentry: { formatted: '\n  Payment failed\nretrying' } }).title).toBe(
      'Payment failed',
    );
  });

  it('prefers the SDK culprit, then the transaction', () => {
    expect(deriveIssueAttributes({ culprit: 'sdk', transaction: 'tx' }).culprit).toBe('sdk');
    expect(deriveIssueAttributes({ transaction: 'tx' }).culprit).toBe('tx');
  });

  it('titles a message event by its first line, or <unlabeled event>', () => {
    expect(deriveIssueAttributes({ logentry: { formatted: 'Hello\nworld' } }).title).toBe('Hello');
    expect(deriveIssueAttributes({}).title).toBe('<unlabeled event>');
  });

  it('uses the main exception of an exception group for the title', () => {
    const { event } = groupEvent({
      exception: {
        values: [
          { type: 'Inner', value: 'x', mechanism: { type: 'chained', exception_id: 1, parent_id: 0 } },
          {
            type: 'Group',
            value: 'g',
            mechanism: { type: 'generic', is_exception_group: true, exception_id: 0 },
          },
        ],
      },
    });
    expect(deriveIssueAttributes(event).title).toBe('Inner: x');
  });

  it('a matched fingerprint rule title overrides the derived one', () => {
    const { event } = groupEvent(
      { exception: { values: [{ type: 'Timeout', value: 'slow' }] } },
      { fingerprintingRules: 'type:Timeout -> timeouts title="Timed out: {{ type }}"' },
    );
    expect(deriveIssueAttributes(event).title).toBe('Timed out: Timeout');
  });
});
