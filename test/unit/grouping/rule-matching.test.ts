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

describe('stack-trace rule matching', () => {
  for (const exc of [
    { type: 'TypeError', value: 'x', mechanism: null },
    { type: null, value: null, mechanism: null },
  ] satisfies ExceptionData[]) {
    it(`finds what trying every rule on every frame finds, each on the frames the rules before it changed (${exc.type ?? 'no exception'})`, () => {
      const rules = parseEnhancements(RULES, false).map(compileRule);
      const expected: Array<[number, number[]]> = [];
      const oneByOne = FRAMES.map((f) => ({ ...f }));
      rules.forEach((rule, pos) => {
        const indices = compiledMatchingIndices(rule, oneByOne, exc);
        if (indices.length === 0) return;
        expected.push([pos, indices]);
        applyActions(oneByOne, rule, indices);
      });
      const found: Array<[number, number[]]> = [];
      const merged = FRAMES.map((f) => ({ ...f }));
      forEachRuleMatch(rules, merged, exc, (rule, indices) => {
        found.push([rules.indexOf(rule), indices]);
        applyActions(merged, rule, indices);
      });
      expect(found).toEqual(expected);
      expect(merged).toEqual(oneByOne);
      // Several rules match, some only because of what an earlier rule did.
      expect(found.length).toBeGreaterThan(4);
    });
  }
});
