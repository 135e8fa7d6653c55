/**
 * The display options of a stack trace section, as Sentry's: Newest / Oldest first, and Raw. Both are
 * remembered in this browser: the order for every stack trace (Sentry keeps it as the user's "stack trace
 * order" option), Raw per project (as Sentry's `issue-details-stracktrace-display-<project>` local storage).
 */
import { useState } from 'react';
import { useStoredChoice } from '../../app/stored-state.ts';
import { obj } from './data.ts';

const ORDERS = ['newest', 'oldest'] as const;
const VIEWS = ['default', 'raw'] as const;

export const STACKTRACE_ORDER_KEY = 'faultline.stacktrace-order';
export const stacktraceDisplayKey = (projectId: number) => `faultline.stacktrace-display.${projectId}`;

export function useStackDisplay(projectId: number) {
  const [order, setOrder] = useStoredChoice(STACKTRACE_ORDER_KEY, ORDERS, 'newest');
  const [view, setView] = useStoredChoice(stacktraceDisplayKey(projectId), VIEWS, 'default');
  return {
    newestFirst: order === 'newest',
    onNewestFirst: (newest: boolean) => setOrder(newest ? 'newest' : 'oldest'),
    raw: view === 'raw',
    onRaw: (raw: boolean) => setView(raw ? 'raw' : 'default'),
  };
}

/**
 * Sentry's "Minified" (JavaScript) / "Unsymbolicated" option: the frames as the SDK sent them, before
 * source maps; offered only when an exception or thread has them (`raw_stacktrace`).
 */
export interface MinifiedOption {
  label: 'Minified' | 'Unsymbolicated';
  pressed: boolean;
  onToggle: () => void;
}

/**
 * The Minified toggle of a section whose exceptions or threads (`containers`) may carry the frames as
 * sent (`raw_stacktrace`): the option to show (none when no container has them) and the stack trace to
 * show of each container.
 */
export function useMinified(containers: Array<Record<string, unknown>>, platform: string) {
  const [show, setShow] = useState(false);
  const available = containers.some((container) => obj(container.raw_stacktrace) !== undefined);
  const minified = available && show;
  const option: MinifiedOption | undefined = available
    ? {
        label: platform === 'javascript' || platform === 'node' ? 'Minified' : 'Unsymbolicated',
        pressed: minified,
        onToggle: () => setShow(!show),
      }
    : undefined;
  const stackOf = (container: Record<string, unknown>) =>
    obj(minified ? (container.raw_stacktrace ?? container.stacktrace) : container.stacktrace);
  return { minified, option, stackOf };
}

export function DisplayOptions({
  newestFirst,
  onNewestFirst,
  raw,
  onRaw,
  minified,
}: ReturnType<typeof useStackDisplay> & { minified?: MinifiedOption }) {
  return (
    <div className="display-options">
      {minified && (
        <button
          type="button"
          className="raw-toggle"
          aria-pressed={minified.pressed}
          onClick={minified.onToggle}
        >
          {minified.label}
        </button>
      )}
      <fieldset className="trace-toggle" aria-label="Sort">
        <button type="button" aria-pressed={newestFirst} onClick={() => onNewestFirst(true)}>
          Newest first
        </button>
        <button type="button" aria-pressed={!newestFirst} onClick={() => onNewestFirst(false)}>
          Oldest first
        </button>
      </fieldset>
      <button type="button" className="raw-toggle" aria-pressed={raw} onClick={() => onRaw(!raw)}>
        Raw
      </button>
    </div>
  );
}
