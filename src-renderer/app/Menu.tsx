/**
 * A dropdown menu (Sentry's DropdownMenu): a `<details>` whose summary opens it. Every menu of the app
 * is one of these, so they all close alike: on a choice (`closeMenu`), on Escape, on a click or tap
 * outside, and when the route changes (a new search, another page), so that an open menu never
 * outlives the rows it was opened for.
 */
import {
  type FormEvent,
  type MouseEvent,
  type ReactNode,
  type SyntheticEvent,
  useEffect,
  useRef,
} from 'react';
import { useHash } from './router.ts';

/** Closes the menu a choice was made in. */
export function closeMenu(event: MouseEvent<HTMLElement> | FormEvent<HTMLElement>): void {
  event.currentTarget.closest('details')?.removeAttribute('open');
}

export function Menu({
  className = '',
  summary,
  label,
  title,
  onClose,
  children,
}: {
  className?: string;
  summary: ReactNode;
  /** The summary's accessible name, when its content does not say it. */
  label?: string;
  title?: string;
  onClose?: () => void;
  children: ReactNode;
}) {
  const details = useRef<HTMLDetailsElement>(null);
  const hash = useHash();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a route change, whichever, closes the menu
  useEffect(() => details.current?.removeAttribute('open'), [hash]);
  // Listening from the start, not from when the menu's toggle event has been handled: that event comes
  // a task after the click, so an Escape or a click outside right after opening went unseen.
  useEffect(() => {
    const menu = details.current;
    if (!menu) return;
    const onPointer = (event: PointerEvent) => {
      if (menu.open && !(event.target instanceof Node && menu.contains(event.target)))
        menu.removeAttribute('open');
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !menu.open) return;
      menu.removeAttribute('open');
      menu.querySelector('summary')?.focus();
    };
    document.addEventListener('pointerdown', onPointer, true);
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('pointerdown', onPointer, true);
      document.removeEventListener('keydown', onKey, true);
    };
  }, []);
  const onToggle = (event: SyntheticEvent<HTMLDetailsElement>) => {
    if (!event.currentTarget.open) onClose?.();
  };
  return (
    <details ref={details} className={`menu ${className}`.trim()} onToggle={onToggle}>
      <summary aria-label={label} title={title}>
        {summary}
      </summary>
      {children}
    </details>
  );
}
