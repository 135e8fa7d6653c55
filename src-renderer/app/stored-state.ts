/**
 * A display choice kept in this browser's localStorage (the headless UI and Electron both have one), so it
 * survives page loads as Sentry's do (its breadcrumb order and time format, its stack trace display). Every
 * component reading the same key sees a change at once.
 */
import { useCallback, useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
/** This page's choices, for when localStorage is full or disabled. */
const memory = new Map<string, string>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key) ?? memory.get(key) ?? null;
  } catch {
    return memory.get(key) ?? null;
  }
}

/**
 * The stored choice under `key` if it is one of `choices`, else `fallback`; and a setter that stores it.
 * A value that is no longer a choice (an older version's, edited by hand) reads as the fallback.
 */
export function useStoredChoice<T extends string>(
  key: string,
  choices: readonly T[],
  fallback: T,
): [T, (value: T) => void] {
  const stored = useSyncExternalStore(subscribe, () => read(key));
  const value = choices.find((choice) => choice === stored) ?? fallback;
  const set = useCallback(
    (next: T) => {
      memory.set(key, next);
      try {
        localStorage.setItem(key, next);
      } catch {
        // A full or disabled storage: the choice holds until the page is left.
      }
      for (const listener of listeners) listener();
    },
    [key],
  );
  return [value, set];
}
