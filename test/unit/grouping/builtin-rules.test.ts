// Faultline's built-in stack trace rules behave as Sentry's all-platforms@2023-01-11.txt and
// all-platforms@2026-01-20.txt do, and their patterns match as Sentry's rule engine matches them.
import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../src-main/core/grouping/enhancements/compiled-rules.ts';
import { compileRuleGlob, compileRulePath } from '../../../src-main/core/grouping/enhancements/glob.ts';
import { parseEnhancements } from '../../../src-main/core/grouping/enhancements/rules.ts';
import type { JsonObject } from '../../../src-main/core/grouping/event-data.ts';
import { computeGrouping } from '../../../src-main/core/grouping/index.ts';

const CONFIG_2026 = 'newstyle:2026-01-20';
const CONFIG_2023 = 'newstyle:2023-01-11';

type Component = { id: string; contributes: boolean; hint: string | null; values: unknown[] };

/** Per frame of a variant's stack trace: its function, whether it counts, and the hint. */
function frameRows(event: JsonObject, config: string, variant: 'app' | 'system') {
  const info = computeGrouping(structuredClone(event), { config });
  const rows: [string | undefined, boolean, string | null][] = [];
  const walk = (value: unknown) => {
    if (typeof value !== 'object' || value === null) return;
    const component = value as Component;
    if (component.id === 'frame') {
      const fn = component.values.find((v) => (v as Component).id === 'function') as Component | undefined;
      rows.push([fn?.values[0] as string | undefined, component.contributes, component.hint]);
    }
    for (const child of component.values ?? []) walk(child);
  };
  walk((info.variants[variant] as { component: unknown }).component);
  return rows;
}

const nativeEvent = (frames: JsonObject[]): JsonObject => ({
  platform: 'native',
  exception: { values: [{ type: 'SIGABRT', value: 'Abort', stacktrace: { frames } }] },
});

describe('patterns of stack trace rules match as Sentry’s rule engine matches them', () => {
  it('in paths and packages, ** crosses a slash only as a whole segment and * never does', () => {
    const matches = (pattern: string, value: string) => compileRulePath(pattern)(value.toLowerCase());
    // A macOS app bundle only at the start of a package: Sentry's `**.app/Contents/**`.
    expect(matches('**.app/Contents/**', 'Shop.app/Contents/MacOS/Shop')).toBe(true);
    expect(matches('**.app/Contents/**', '/Applications/Shop.app/Contents/MacOS/Shop')).toBe(false);
    // Flutter's `dart:**` is one segment; `dart:*/**` the libraries' files.
    expect(matches('dart:**', 'dart:core')).toBe(true);
    expect(matches('dart:**', 'dart:async/zone.dart')).toBe(false);
    expect(matches('dart:*/**', 'dart:async/zone.dart')).toBe(true);
    expect(matches('**/node_modules/**', 'node_modules/lib/index.js')).toBe(true);
    expect(matches('**/node_modules/**', '/srv/app/node_modules/lib/index.js')).toBe(true);
    expect(matches('**/Frameworks/libswift*.dylib', '/var/x/Frameworks/libswiftCore.dylib')).toBe(true);
    expect(matches('**/Frameworks/libswift*.dylib', '/var/x/Frameworks/libswift/Core.dylib')).toBe(false);
    // Windows paths match with forward slashes, case ignored.
    expect(matches('?:/Windows/**', 'D:\\Windows\\System32\\kernel32.dll')).toBe(true);
  });

  it('in names, case is ignored, {a,b} alternates and a backslash escapes the next character', () => {
    expect(compileRuleGlob('run')('Run')).toBe(true);
    expect(compileRuleGlob('*::\\{dtor\\}')('Cache::{dtor}')).toBe(true);
    expect(compileRuleGlob('{load,save}Order')('saveOrder')).toBe(true);
    expect(compileRuleGlob('{load,save}Order')('dropOrder')).toBe(false);
    expect(compileRuleGlob('processTicksAndRejections')('process.processTicksAndRejections')).toBe(false);
  });

  it('a quoted pattern keeps its backslashes for the glob, as Sentry’s grammar does ("\\\\" is one backslash)', () => {
    const [rule] = parseEnhancements('family:native function:"-\\[NSISEngine*" category=ui', true);
    expect(rule!.matchers[1]!.pattern).toBe('-\\[NSISEngine*');
    const frame = {
      category: null,
      family: 'native',
      function: '-[NSISEngine optimize]',
      inApp: false,
      module: null,
      package: null,
      path: null,
    };
    const noException = { type: null, value: null, mechanism: null };
    expect(compileRule(rule!).matchers.every((test) => test(frame, noException))).toBe(true);
    const [doubled] = parseEnhancements('function:"*::\\\\{dtor\\\\}" category=dtor', true);
    expect(doubled!.matchers[0]!.pattern).toBe('*::\\{dtor\\}');
  });
});

const pythonFrame = {
  category: null,
  family: 'other',
  function: 'load_order',
  inApp: true,
  module: 'shop.orders',
  package: null,
  path: '/srv/shop/orders.py',
};
const noExceptionData = { type: null, value: null, mechanism: null };
const matchesPythonFrame = (text: string) => {
  const [rule] = parseEnhancements(text, false);
  return compileRule(rule!).matchers.every((test) => test(pythonFrame, noExceptionData));
};

describe('a frame matcher whose pattern is no glob matches no frame, as Sentry’s rule engine ignores it', () => {
  for (const rule of [
    'function:foo[ +app',
    'function:[z-a]x -app',
    'module:{api,web -app',
    'module:api} -app',
    'function:{a,{b}} -app',
    'function:foo\\ -app',
  ]) {
    it(`${rule} parses and matches nothing; negated, it matches every frame`, () => {
      const [parsed] = parseEnhancements(rule, false);
      expect(parsed!.matchers[0]!.matchesNothing).toBe(true);
      expect(matchesPythonFrame(rule)).toBe(false);
      expect(matchesPythonFrame(rule.replace(/^(\w+):/, '!$1:'))).toBe(true);
    });
  }

  it('an exception matcher’s invalid pattern is refused with the reason', () => {
    expect(() => parseEnhancements('type:Value[Error -group', false)).toThrow('unclosed character class');
    expect(() => parseEnhancements('error.value:{a -group', false)).toThrow('unclosed alternates');
  });

  it('valid ones still parse and match: classes, ranges, alternates, escapes; a backslash in a path is a slash', () => {
    const text = [
      'function:"?[[]Sentry*" -app',
      'function:[a-z]* -app',
      'module:{api,web}.* -app',
      'function:"-\\[NSISEngine*" -app',
      'path:C:\\app\\ -app',
    ].join('\n');
    const rules = parseEnhancements(text, false);
    expect(rules).toHaveLength(5);
    expect(rules.some((rule) => rule.matchers.some((m) => m.matchesNothing))).toBe(false);
    expect(matchesPythonFrame('function:[a-z]* -app')).toBe(true);
  });
});

describe('the family matcher names Sentry’s frame families: native, javascript, other, or all of them', () => {
  it('a Python frame (family other) is matched by family:other and family:all, not by native or javascript', () => {
    expect(matchesPythonFrame('family:other -app')).toBe(true);
    expect(matchesPythonFrame('family:all -app')).toBe(true);
    expect(matchesPythonFrame('family:native,other -app')).toBe(true);
    expect(matchesPythonFrame('family:native -app')).toBe(false);
    expect(matchesPythonFrame('family:javascript -app')).toBe(false);
    expect(matchesPythonFrame('!family:native -app')).toBe(true);
  });
});

describe('Sentry’s built-in stack trace rules, per grouping config', () => {
  const abortEvent = nativeEvent([
    { function: 'main', package: '/home/dev/shop/bin/shop', in_app: true },
    { function: 'save_order', package: '/home/dev/shop/bin/shop', in_app: true },
    { function: 'abort', package: '/lib/x86_64-linux-gnu/libc.so.6' },
    { function: 'raise', package: '/lib/x86_64-linux-gnu/libc.so.6' },
  ]);

  it('2026: abort and the raise it called count in no hash', () => {
    expect(frameRows(abortEvent, CONFIG_2026, 'system')).toEqual([
      ['main', true, null],
      ['save_order', true, null],
      ['abort', false, 'ignored by built-in stacktrace rule (category:throw ^-group -group)'],
      ['raise', false, 'ignored by built-in stacktrace rule (category:throw ^-group -group)'],
    ]);
  });

  it('2023 (the secondary config): abort still counts in the system hash, only what it called is ignored', () => {
    expect(frameRows(abortEvent, CONFIG_2023, 'system')).toEqual([
      ['main', true, null],
      ['save_order', true, null],
      ['abort', true, null],
      ['raise', false, 'ignored by built-in stacktrace rule (category:throw ^-group)'],
    ]);
  });

  it('a macOS app installed in /Applications keeps the frames its SDK marked in app (no built-in rule takes /Applications out)', () => {
    const event = nativeEvent([
      { function: 'main', package: '/Applications/Shop.app/Contents/MacOS/Shop', in_app: true },
      { function: 'checkout', package: '/Applications/Shop.app/Contents/MacOS/Shop', in_app: true },
    ]);
    for (const config of [CONFIG_2026, CONFIG_2023])
      expect(frameRows(event, config, 'app')).toEqual([
        ['main', true, 'marked in-app by the client'],
        ['checkout', true, 'marked in-app by the client'],
      ]);
  });

  it('a Java standard-library frame the SDK marked in app stays in app (java.* is std, not a framework, for Sentry)', () => {
    const event = {
      platform: 'java',
      exception: {
        values: [
          {
            type: 'IllegalStateException',
            value: 'closed',
            stacktrace: {
              frames: [
                { module: 'com.shop.Main', function: 'main', in_app: true },
                { module: 'java.util.ArrayList', function: 'forEach', in_app: true },
                { module: 'io.sentry.Hub', function: 'captureException', in_app: true },
              ],
            },
          },
        ],
      },
    };
    const rows = frameRows(event, CONFIG_2026, 'app');
    expect(rows[1]).toEqual(['forEach', true, 'marked in-app by the client']);
    // The Java SDK's own frames: framework (out of app) and never grouped.
    expect(rows[2]![1]).toBe(false);
  });

  it('Flutter on native: a Dart SDK library frame is out of app under 2026 only', () => {
    const event = nativeEvent([
      { function: 'main', abs_path: 'package:shop/main.dart', in_app: true },
      { function: 'Zone.run', abs_path: 'dart:async/zone.dart', in_app: true },
      { function: 'checkout', abs_path: 'package:shop/cart.dart', in_app: true },
    ]);
    expect(frameRows(event, CONFIG_2026, 'app').map((row) => row[1])).toEqual([true, false, true]);
    expect(frameRows(event, CONFIG_2023, 'app').map((row) => row[1])).toEqual([true, true, true]);
  });

  it('a Node frame named process.processTicksAndRejections (V8’s name when it runs as a method) is matched by no rule, as in Sentry', () => {
    const event = {
      platform: 'node',
      exception: {
        values: [
          {
            type: 'Error',
            value: 'x',
            stacktrace: {
              frames: [
                { function: 'process.processTicksAndRejections', module: 'task_queues', in_app: false },
                { function: 'runNextTicks', module: 'task_queues', in_app: false },
                { function: 'onTick', module: 'app', in_app: true },
              ],
            },
          },
        ],
      },
    };
    // The hash's function value drops the `process.` prefix, but rules match the frame's own name.
    expect(frameRows(event, CONFIG_2026, 'system')).toEqual([
      ['processTicksAndRejections', true, null],
      ['runNextTicks', false, 'ignored by built-in stacktrace rule (function:runNextTicks -group)'],
      ['onTick', true, null],
    ]);
  });
});
