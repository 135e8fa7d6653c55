// Frame components are remembered across events (strategies/frame.ts): every event's trees share
// the remembered frame's children, so those must never change, and each event's frame nodes must
// stay its own.
import { describe, expect, it } from 'vitest';
import { GroupingComponent } from '../../../src-main/core/grouping/component.ts';
import { getGroupingConfig } from '../../../src-main/core/grouping/config.ts';
import {
  type ComponentJson,
  computeGrouping,
  type EventData,
} from '../../../src-main/core/grouping/index.ts';
import { frameComponent } from '../../../src-main/core/grouping/strategies/frame.ts';

const frame = {
  function: 'handleRequest',
  module: 'app.server',
  filename: 'server.py',
  context_line: '    return handle(request)',
};

function eventWith(inApp: boolean): EventData {
  return {
    platform: 'python',
    exception: {
      values: [{ type: 'ValueError', value: 'boom', stacktrace: { frames: [{ ...frame, in_app: inApp }] } }],
    },
  };
}

describe('remembered frame components', () => {
  it('share their children between events, and a shared child refuses any change', () => {
    const ctx = {
      config: getGroupingConfig(),
      event: {},
      rules: [],
      platform: 'python',
      exceptionData: { type: null, value: null, mechanism: null },
      matchFrames: new Map(),
      mainExceptionId: null,
    };
    const first = frameComponent({ ...frame }, ctx, false);
    const second = frameComponent({ ...frame }, ctx, false);
    expect(second).not.toBe(first);
    const child = first.values[0];
    expect(child).toBeInstanceOf(GroupingComponent);
    expect(second.values[0]).toBe(child);
    expect(() => (child as GroupingComponent).update({ contributes: false })).toThrow(TypeError);
    expect((child as GroupingComponent).toJson()).toBe((child as GroupingComponent).toJson());
  });

  it("give each event frame nodes of its own: one event's in-app hint does not reach the next", () => {
    const child = (component: ComponentJson | null | undefined, id: string) =>
      component?.values.find((v): v is ComponentJson => typeof v === 'object' && v.id === id);
    const appFrame = (inApp: boolean) => {
      const app = computeGrouping(eventWith(inApp)).variants.app?.component;
      return child(child(child(app, 'exception'), 'stacktrace'), 'frame')?.hint;
    };
    expect(appFrame(true)).toBe('marked in-app by the client');
    expect(appFrame(false)).toBe('marked out of app by the client');
    expect(appFrame(true)).toBe('marked in-app by the client');
  });
});
