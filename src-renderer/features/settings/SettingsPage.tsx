/**
 * Settings: the port (applies on restart), retention days and the size limit, desktop
 * notifications and frequency alerts, the command of "Open in editor", where the data lives and how much there is,
 * and clearing it all.
 */
import { useEffect, useState } from 'react';
import type { FrequencyAlert, Settings, SettingsView } from '../../../src-shared/settings-api.ts';
import { SETTINGS_LIMITS } from '../../../src-shared/settings-api.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { type FrequencyAlertDraft, FrequencyAlertSetting } from './FrequencyAlertSetting.tsx';
import { formatBytes, MB, plural } from './format.ts';
import { NotifySetting } from './NotifySetting.tsx';
import './settings.css';

interface Draft {
  port: string;
  retentionDays: string;
  maxSizeMb: string;
  notifyNewIssues: boolean;
  alertEventFrequency: FrequencyAlertDraft;
  alertUniqueUserFrequency: FrequencyAlertDraft;
  alertFrequencyMinutes: string;
  editorCommand: string;
}

const alertDraft = (alert: FrequencyAlert): FrequencyAlertDraft => ({ ...alert, value: String(alert.value) });
const alertOf = (draft: FrequencyAlertDraft): FrequencyAlert => ({ ...draft, value: Number(draft.value) });

function minutesLabel(minutes: number): string {
  if (minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

const toDraft = (settings: Settings): Draft => ({
  port: String(settings.port),
  retentionDays: String(settings.retentionDays),
  maxSizeMb: String(Math.round(settings.maxSizeBytes / MB)),
  notifyNewIssues: settings.notifyNewIssues,
  alertEventFrequency: alertDraft(settings.alertEventFrequency),
  alertUniqueUserFrequency: alertDraft(settings.alertUniqueUserFrequency),
  alertFrequencyMinutes: String(settings.alertFrequencyMinutes),
  editorCommand: settings.editorCommand,
});

function SettingsForm({ view }: { view: SettingsView }) {
  const [draft, setDraft] = useState(() => toDraft(view.settings));
  useEffect(() => setDraft(toDraft(view.settings)), [view.settings]);
  const update = useApiMutation('settings.update');
  const set = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));
  const save = () =>
    update.mutate({
      port: Number(draft.port),
      retentionDays: Number(draft.retentionDays),
      maxSizeBytes: Math.round(Number(draft.maxSizeMb) * MB),
      notifyNewIssues: draft.notifyNewIssues,
      alertEventFrequency: alertOf(draft.alertEventFrequency),
      alertUniqueUserFrequency: alertOf(draft.alertUniqueUserFrequency),
      alertFrequencyMinutes: Number(draft.alertFrequencyMinutes),
      editorCommand: draft.editorCommand,
    });
  return (
    <form
      className="card settings-form"
      aria-label="Settings"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <label>
        Port
        <input
          type="number"
          min={1}
          max={65535}
          value={draft.port}
          onChange={(event) => set({ port: event.target.value })}
        />
        <span className="muted">
          SDKs, the API and this UI use one port. A new port takes effect when Faultline restarts
          {view.restartRequired ? ` (running on ${view.activePort} until then)` : ''}.
        </span>
      </label>
      <label>
        Retention (days)
        <input
          type="number"
          min={SETTINGS_LIMITS.minRetentionDays}
          max={SETTINGS_LIMITS.maxRetentionDays}
          value={draft.retentionDays}
          onChange={(event) => set({ retentionDays: event.target.value })}
        />
        <span className="muted">Events older than this are deleted, as Sentry's retention does.</span>
      </label>
      <label>
        Size limit (MB)
        <input
          type="number"
          min={1}
          value={draft.maxSizeMb}
          onChange={(event) => set({ maxSizeMb: event.target.value })}
        />
        <span className="muted">Above this, the oldest events are deleted first.</span>
      </label>
      <NotifySetting checked={draft.notifyNewIssues} onChange={(on) => set({ notifyNewIssues: on })} />
      <FrequencyAlertSetting
        name="The issue is seen more than"
        measure="times"
        draft={draft.alertEventFrequency}
        onChange={(alert) => set({ alertEventFrequency: alert })}
      />
      <FrequencyAlertSetting
        name="The issue is seen by more than"
        measure="users"
        draft={draft.alertUniqueUserFrequency}
        onChange={(alert) => set({ alertUniqueUserFrequency: alert })}
      />
      <label>
        Frequency alerts: at most once per issue every
        <select
          value={draft.alertFrequencyMinutes}
          onChange={(event) => set({ alertFrequencyMinutes: event.target.value })}
        >
          {SETTINGS_LIMITS.alertFrequencyMinutes.map((minutes) => (
            <option key={minutes} value={String(minutes)}>
              {minutesLabel(minutes)}
            </option>
          ))}
        </select>
        <span className="muted">
          As Sentry's alert rules: a rule tells an issue again only after this long (Sentry's default is 30
          minutes). Sample events do not count.
        </span>
      </label>
      <label>
        Editor command
        <input
          type="text"
          placeholder="code -g {file}:{line}:{column}"
          maxLength={SETTINGS_LIMITS.maxEditorCommandLength}
          spellCheck={false}
          value={draft.editorCommand}
          onChange={(event) => set({ editorCommand: event.target.value })}
        />
        <span className="muted">
          Runs when you click "Open in editor" on a stack frame; {'{file}'}, {'{line}'} and {'{column}'} are
          replaced. It runs without a shell. Empty turns it off.
        </span>
      </label>
      <div>
        <button type="submit" disabled={update.isPending}>
          Save settings
        </button>{' '}
        {update.isSuccess && !update.isPending && <span role="status">Saved.</span>}
      </div>
      {update.error && <ErrorNote error={update.error} />}
    </form>
  );
}

function DataSection({ view }: { view: SettingsView }) {
  const [confirming, setConfirming] = useState(false);
  const clear = useApiMutation('data.clear', { onSuccess: () => setConfirming(false) });
  const { usage } = view;
  return (
    <section className="card" aria-label="Data">
      <h2>Data</h2>
      <p>
        Data folder: <code data-testid="data-dir">{view.dataDir}</code>
      </p>
      {usage ? (
        <p data-testid="data-usage">
          {plural(usage.events, 'event')}, {formatBytes(usage.totalBytes)} (metadata{' '}
          {formatBytes(usage.sqliteBytes)}, event index {formatBytes(usage.eventIndexBytes)}, attachments{' '}
          {formatBytes(usage.attachmentBytes)})
          {usage.oldestEvent ? `; oldest received ${new Date(usage.oldestEvent).toLocaleString()}` : ''}.{' '}
          <span data-testid="disk-usage">{formatBytes(usage.diskBytes)} on disk</span>
          <span className="muted">
            {' '}
            (deleted events free space inside the files, which new events reuse before the files grow; Clear
            data gives it back to the disk)
          </span>
        </p>
      ) : (
        <p className="muted">Data usage is not available right now.</p>
      )}
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        Clear data…
      </button>
      {clear.data && (
        <p role="status">
          Deleted {plural(clear.data.deletedEvents, 'event')} and {plural(clear.data.deletedGroups, 'issue')}.
        </p>
      )}
      {confirming && (
        <div role="alertdialog" aria-modal="true" aria-labelledby="clear-title" className="dialog">
          <h3 id="clear-title">Delete all events?</h3>
          <p>
            Every event, issue, attachment and outcome in this data folder is deleted. Projects, keys,
            settings and saved queries stay. This cannot be undone.
          </p>
          <button
            type="button"
            className="danger"
            disabled={clear.isPending}
            onClick={() => clear.mutate({ confirm: true })}
          >
            Delete all events
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
          {clear.error && <ErrorNote error={clear.error} />}
        </div>
      )}
    </section>
  );
}

export function SettingsPage() {
  const view = useApiQuery('settings.get', {});
  return (
    <section>
      <h1>Settings</h1>
      {view.error && <ErrorNote error={view.error} />}
      {view.data && (
        <>
          <SettingsForm view={view.data} />
          <DataSection view={view.data} />
        </>
      )}
    </section>
  );
}
