/**
 * One frequency alert (Sentry's "The issue is seen more than {value} times in {interval}" and
 * "… by more than {value} users in {interval}"): a switch, the value and the interval. Turning it
 * on in a browser asks for the permission to notify, as the switch of new issues does.
 */
import { FREQUENCY_INTERVALS, type FrequencyInterval } from '../../../src-shared/settings-api.ts';

export interface FrequencyAlertDraft {
  enabled: boolean;
  value: string;
  interval: FrequencyInterval;
}

const INTERVALS = Object.entries(FREQUENCY_INTERVALS) as Array<[FrequencyInterval, { label: string }]>;

export function FrequencyAlertSetting({
  name,
  measure,
  draft,
  onChange,
}: {
  /** The condition's start, e.g. "The issue is seen more than". */
  name: string;
  /** What is counted, e.g. "times" or "users". */
  measure: string;
  draft: FrequencyAlertDraft;
  onChange: (draft: FrequencyAlertDraft) => void;
}) {
  const set = (patch: Partial<FrequencyAlertDraft>) => onChange({ ...draft, ...patch });
  const enable = (on: boolean) => {
    set({ enabled: on });
    if (on && typeof Notification !== 'undefined' && Notification.permission === 'default')
      void Notification.requestPermission().catch(() => undefined);
  };
  return (
    <fieldset className="frequency-alert" aria-label={`Notify when ${name.toLowerCase()} … ${measure}`}>
      <label className="checkbox">
        <input type="checkbox" checked={draft.enabled} onChange={(event) => enable(event.target.checked)} />
        Notify me when {name.charAt(0).toLowerCase() + name.slice(1)}
      </label>
      <span className="frequency-alert-condition">
        <input
          type="number"
          min={0}
          aria-label={`${measure} more than`}
          value={draft.value}
          onChange={(event) => set({ value: event.target.value })}
        />{' '}
        {measure} in{' '}
        <select
          aria-label={`${measure} interval`}
          value={draft.interval}
          onChange={(event) => set({ interval: event.target.value as FrequencyInterval })}
        >
          {INTERVALS.map(([key, { label }]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </span>
    </fieldset>
  );
}
