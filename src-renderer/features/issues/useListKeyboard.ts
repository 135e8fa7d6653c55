/** Sentry's list shortcuts: j / k move, x selects, Enter opens, e resolves, i ignores. */
import { useEffect, useRef } from 'react';

export interface ListKeyHandlers {
  move(delta: number): void;
  toggle(): void;
  open(): void;
  resolve(): void;
  ignore(): void;
}

function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable)
  );
}

/**
 * Enter on a menu, or in the saved views' bar, is its own (open the menu, pick an item, choose a
 * view), not "open the issue". Elsewhere it opens the focused issue even on a button just clicked
 * (a period, a sort), as the list's shortcut always has.
 */
function activates(event: KeyboardEvent): boolean {
  return (
    event.key === 'Enter' &&
    event.target instanceof HTMLElement &&
    event.target.closest('summary, [role="menu"], .issue-views') !== null
  );
}

/** Handlers may change every render; the listener reads the latest through a ref. */
export function useListKeyboard(handlers: ListKeyHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typing(event.target) || activates(event) || event.metaKey || event.ctrlKey || event.altKey) return;
      const handlers = latest.current;
      const action: Record<string, () => void> = {
        j: () => handlers.move(1),
        k: () => handlers.move(-1),
        x: handlers.toggle,
        Enter: handlers.open,
        e: handlers.resolve,
        i: handlers.ignore,
      };
      const run = action[event.key];
      if (!run) return;
      event.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
