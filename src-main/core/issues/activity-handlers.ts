/**
 * The API of an issue's Activity: the feed (a SQLite read) and its notes, written on the main thread
 * (a note changes no group: nothing the pipeline worker keeps in step). A note changed is announced
 * as `issues.changed`, so every UI of the project shows it.
 */
import type { Handlers } from '../api/handlers.ts';
import type { CoreContext } from '../context.ts';
import { addNote, deleteNote, updateNote } from './notes.ts';
import { issueActivity } from './queries/activity.ts';
import { groupRow } from './queries/detail.ts';

type ActivityMethods = 'issues.activity' | 'issues.notes.add' | 'issues.notes.update' | 'issues.notes.delete';

function announced<T extends { projectId: number }>(ctx: CoreContext, change: T): T {
  ctx.live.publish({ type: 'issues.changed', projectId: change.projectId });
  return change;
}

export const activityHandlers: Pick<Handlers, ActivityMethods> = {
  'issues.activity': ({ groupId, offset, limit }, ctx) =>
    issueActivity(ctx.db, groupRow(ctx.db, groupId), { offset, limit }),
  'issues.notes.add': ({ groupId, text }, ctx) =>
    announced(ctx, addNote(ctx.db, groupId, text, Date.now())).note,
  'issues.notes.update': ({ groupId, noteId, text }, ctx) =>
    announced(ctx, updateNote(ctx.db, groupId, noteId, text)).note,
  'issues.notes.delete': ({ groupId, noteId }, ctx) => {
    announced(ctx, deleteNote(ctx.db, groupId, noteId));
    return { deleted: true };
  },
};
