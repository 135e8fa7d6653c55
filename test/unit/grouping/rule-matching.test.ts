// Stack-trace rules are matched frame by frame as Sentry's enhancer does: each rule in turn, on the
// frames as the earlier rules' actions left them. The matcher that skips the frames a rule cannot
// match (compiled-rules.ts `forEachRuleMatch`) must find exactly what trying every rule on every frame finds.
import { describe, expect, it } from 'vitest';
import {
  type CompiledRule,
  compiledMatchingIndices,
  compileRule,
  forEachRuleMatch,
} from '../../../src-main/core/grouping/enhancements/compiled-rules.ts';
import type { ExceptionData, MatchFrame } from '../../../src-main/core/grouping/enhancements/match-frame.ts';
import { rangeIndices } from '../../../src-main/core/grouping/enhancements/match-frame.ts';
import { parseEnhancements } from '../../../src-main/core/grouping/enhancements/rules.ts';

const RULES = `
family:javascript function:load* +app
function:render* category=ui
category:ui -app
app:no function:*Cart* category=cart
[ category:cart ] | function:* +app
family:native function:* +app
module:vendor.* ^-app
!app:yes path:**/node_modules/** -app
type:TypeError function:sync* category=sync
category:sync v+app
`;

const frame = (fn: string, module: string | null, path: string | null, inApp: boolean): MatchFrame => ({
  category: null,
  family: 'javascript',
  function: fn,
  inApp,
  module,
  package: null,
  path,
});

const FRAMES: MatchFrame[] = [
  frame('main', 'app.main', '/app/main.js', true),
  frame('loadUser', 'app.users', '/app/users.js', false),
  frame('renderCart', 'app.cart', '/app/cart.js', true),
  frame('checkout', 'vendor.shop', '/app/node_modules/shop/index.js', false),
  frame('syncQueue', 'app.queue', '/app/queue.js', true),
  frame('renderList', 'vendor.list', '/app/node_modules/list/index.js', true),
];

/** The modifier actions as apply-modifications.ts applies them, on the match frames only. */
function applyActions(frames: MatchFrame[], rule: CompiledRule, indices: number[]): void {
  for (const idx of indices) {
    for (const action of rule.rule.actions) {
      if (action.kind === 'var' && action.name === 'category') frames[idx]!.category = action.value;
      else if (action.kind === 'flag' && action.key === 'app')
        for (const target of rangeIndices(action.range, idx, frames.length))
          frames[target]!.inApp = action.flag;
    }
  }
}

/** Each matching rule's position and frames, trying every rule on every frame in turn. */
function oneByOne(
  rules: CompiledRule[],
  frames: MatchFrame[],
  exc: ExceptionData,
): Array<[number, number[]]> {
  const expected: Array<[number, number[]]> = [];
  rules.forEach((rule, pos) => {
    const indices = compiledMatchingIndices(rule, frames, exc);
    if (indices.length === 0) return;
    expected.push([pos, indices]);
    applyActions(frames, rule, indices);
  });
  return expected;
}

function merged(rules: CompiledRule[], frames: MatchFrame[], exc: ExceptionData): Array<[number, number[]]> {
  const found: Array<[number, number[]]> = [];
  forEachRuleMatch(rules, frames, exc, (rule, indices) => {
    found.push([rules.indexOf(rule), indices]);
    applyActions(frames, rule, indices);
  });
  return found;
}

describe('stack-trace rule matching', () => {
  for (const exc of [
    { type: 'TypeError', value: 'x', mechanism: null },
    { type: null, value: null, mechanism: null },
  ] satisfies ExceptionData[]) {
    it(`finds what trying every rule on every frame finds, each on the frames the rules before it changed (${exc.type ?? 'no exception'})`, () => {
      const rules = parseEnhancements(RULES, false).map(compileRule);
      const reference = FRAMES.map((f) => ({ ...f }));
      const expected = oneByOne(rules, reference, exc);
      const frames = FRAMES.map((f) => ({ ...f }));
      expect(merged(rules, frames, exc)).toEqual(expected);
      expect(frames).toEqual(reference);
      // Several rules match, some only because of what an earlier rule did.
      expect(expected.length).toBeGreaterThan(4);
    });
  }

  it('a stack trace seen before is matched on what its frames and exception say now', () => {
    const rules = parseEnhancements(RULES, false).map(compileRule);
    const variations: Array<[Partial<MatchFrame>, ExceptionData]> = [
      [{}, { type: 'TypeError', value: 'x', mechanism: null }],
      [{ inApp: true }, { type: null, value: null, mechanism: null }],
      [
        { inApp: false, category: 'ui' },
        { type: 'TypeError', value: 'y', mechanism: 'generic' },
      ],
      [{ category: 'cart' }, { type: null, value: null, mechanism: null }],
      [{}, { type: null, value: null, mechanism: null }],
    ];
    const outcomes = new Set<string>();
    for (const [change, exc] of variations) {
      const reference = FRAMES.map((f) => ({ ...f, ...change }));
      const frames = FRAMES.map((f) => ({ ...f, ...change }));
      const expected = oneByOne(rules, reference, exc);
      expect(merged(rules, frames, exc)).toEqual(expected);
      expect(frames).toEqual(reference);
      outcomes.add(JSON.stringify(expected));
    }
    // The variations lead the same frames to different matches: a replayed match would show.
    expect(outcomes.size).toBeGreaterThan(3);
  });

  it("one project's rules are not tried on another's stack trace with the same frames", () => {
    const mine = parseEnhancements(RULES, false).map(compileRule);
    const theirs = parseEnhancements('function:checkout +app\nmodule:app.* -app', false).map(compileRule);
    for (const rules of [mine, theirs, mine, theirs]) {
      const exc = { type: null, value: null, mechanism: null };
      const reference = FRAMES.map((f) => ({ ...f }));
      const frames = FRAMES.map((f) => ({ ...f }));
      expect(merged(rules, frames, exc)).toEqual(oneByOne(rules, reference, exc));
      expect(frames).toEqual(reference);
    }
    const exc = { type: null, value: null, mechanism: null };
    expect(
      merged(
        theirs,
        FRAMES.map((f) => ({ ...f })),
        exc,
      ),
    ).toEqual([
      [0, [3]],
      [1, [0, 1, 2, 4]],
    ]);
  });
});
