/**
 * Sentry's issue priority (`groupPriority.tsx`): a badge (High, Med, Low) and the dropdown under it
 * that sets it, in the stream's rows, on the issue page and in the bulk actions.
 */
import type { MouseEvent } from 'react';
import type { PriorityValue } from '../../../src-shared/issue-search/types.ts';
import { closeMenu, Menu } from '../../app/Menu.tsx';

const LABELS: Record<PriorityValue, string> = { high: 'High', medium: 'Med', low: 'Low' };
const CHOICES: readonly PriorityValue[] = ['high', 'medium', 'low'];

/** The badge; `choice` for one offered in the menu rather than the issue's own. */
export function PriorityBadge({ priority, choice }: { priority: PriorityValue; choice?: boolean }) {
  return (
    <span
      className={`priority-badge priority-${priority}`}
      data-testid={choice ? undefined : 'priority-badge'}
    >
      {LABELS[priority]}
    </span>
  );
}

/** "Set Priority To…" High, Med, Low; the current one, if any, is marked. */
function PriorityChoices({
  current,
  onPick,
}: {
  current?: PriorityValue;
  onPick: (priority: PriorityValue) => void;
}) {
  const pick = (priority: PriorityValue) => (event: MouseEvent<HTMLElement>) => {
    closeMenu(event);
    if (priority !== current) onPick(priority);
  };
  return (
    <div className="menu-items" role="menu" aria-label="Set Priority To...">
      <span className="menu-title muted">Set Priority To...</span>
      {CHOICES.map((priority) => (
        <button
          key={priority}
          type="button"
          role="menuitemradio"
          aria-checked={priority === current}
          onClick={pick(priority)}
        >
          <PriorityBadge priority={priority} choice />
        </button>
      ))}
    </div>
  );
}

/** The badge of one issue, opening the menu that changes its priority (Sentry's GroupPriorityDropdown). */
export function PriorityDropdown({
  priority,
  disabled,
  onChange,
}: {
  priority: PriorityValue;
  disabled?: boolean;
  onChange: (priority: PriorityValue) => void;
}) {
  if (disabled) return <PriorityBadge priority={priority} />;
  return (
    <Menu
      className="priority-menu"
      label={`Priority: ${LABELS[priority]}, change it`}
      title="Change priority"
      summary={
        <>
          <PriorityBadge priority={priority} /> ▾
        </>
      }
    >
      <PriorityChoices current={priority} onPick={onChange} />
    </Menu>
  );
}

/** The bulk actions' "Set Priority" for the selected issues. */
export function SetPriorityMenu({
  disabled,
  onPick,
}: {
  disabled: boolean;
  onPick: (priority: PriorityValue) => void;
}) {
  if (disabled)
    return (
      <button type="button" disabled>
        Set Priority ▾
      </button>
    );
  return (
    <Menu summary="Set Priority ▾">
      <PriorityChoices onPick={onPick} />
    </Menu>
  );
}
