/** Source read from disk for a frame: a minified bundle's long line is cut around the column as Sentry cuts it. */
import { describe, expect, it } from 'vitest';
import { trimLine } from '../../../src-main/core/issues/queries/source-context.ts';

const LINE = Array.from({ length: 500 }, (_, i) => String(i % 10)).join('');

describe("Sentry's trim_line for source context", () => {
  it('a line of up to 150 characters is kept whole', () => {
    expect(trimLine(LINE.slice(0, 150), 120)).toBe(LINE.slice(0, 150));
  });

  it('a long line keeps 60 characters before the column and 80 after, {snip} at both cut ends', () => {
    expect(trimLine(LINE, 200)).toBe(`{snip} ${LINE.slice(140, 280)} {snip}`);
  });

  it('near the start or the end the cut takes the edge (no {snip} for under 5 characters)', () => {
    expect(trimLine(LINE, 63)).toBe(`${LINE.slice(0, 140)} {snip}`);
    expect(trimLine(LINE, 490)).toBe(`{snip} ${LINE.slice(360)}`);
    expect(trimLine(LINE, 9999)).toBe(`{snip} ${LINE.slice(360)}`);
  });

  it('lines around the error line (no column) keep their first 140 characters', () => {
    expect(trimLine(LINE)).toBe(`${LINE.slice(0, 140)} {snip}`);
  });
});
