/**
 * API handlers of the Settings page and of "send a sample event": settings in SQLite on the main
 * thread; data usage, the retention sweep and clearing in the pipeline worker (they touch DuckDB).
 */
import type { DataUsage, RetentionResult, SettingsView } from '../../../src-shared/settings-api.ts';
import type { Handlers } from '../api/handlers.ts';
import type { CoreContext } from '../context.ts';
import { sendSampleEvent } from '../setup/sample-event.ts';
import { openInEditor, splitCommand } from './open-in-editor.ts';
import { readSettings, writeSettings } from './settings-store.ts';

type SettingsMethods =
  | 'settings.get'
  | 'settings.update'
  | 'data.clear'
  | 'projects.sendSampleEvent'
  | 'events.openInEditor';

function activePort(ctx: CoreContext): number {
  return Number(new URL(ctx.ingestUrl()).port);
}

async function usageOf(ctx: CoreContext): Promise<DataUsage | null> {
  try {
    return await ctx.pipeline.call<DataUsage>('retention.usage', {});
  } catch (error) {
    // The page still shows the settings while the worker restarts.
    ctx.log.warn('data usage unavailable', error);
    return null;
  }
}

async function view(ctx: CoreContext): Promise<SettingsView> {
  const settings = readSettings(ctx.db);
  const port = activePort(ctx);
  return {
    settings,
    dataDir: ctx.dataDir,
    activePort: port,
    restartRequired: settings.port !== port,
    usage: await usageOf(ctx),
  };
}

export const settingsHandlers: Pick<Handlers, SettingsMethods> = {
  'settings.get': (_params, ctx) => view(ctx),
  'settings.update': async (patch, ctx) => {
    // An editor command that cannot be split (an unclosed quote) is refused now, not at first use.
    if (patch.editorCommand) splitCommand(patch.editorCommand);
    writeSettings(ctx.db, patch);
    ctx.live.publish({ type: 'settings.changed' });
    if (patch.retentionDays !== undefined || patch.maxSizeBytes !== undefined) {
      // A shorter retention applies now, not at the next scheduled sweep; the page learns the
      // new usage when the sweep is done (it may take a while on a large data dir).
      void ctx.pipeline
        .call<RetentionResult>('retention.sweep', {})
        .then(() => ctx.live.publish({ type: 'settings.changed' }))
        .catch((error: unknown) => ctx.log.error('retention sweep failed', error));
    }
    return view(ctx);
  },
  'data.clear': (_params, ctx) => ctx.pipeline.call('data.clear', {}),
  'projects.sendSampleEvent': ({ projectId }, ctx) => sendSampleEvent(ctx, projectId),
  'events.openInEditor': (ref, ctx) => openInEditor(ctx.db, readSettings(ctx.db).editorCommand, ref),
};
