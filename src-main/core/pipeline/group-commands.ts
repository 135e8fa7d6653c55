/**
 * Worker commands that change groups: status, priority, bookmarks and Mark Reviewed, Auto Resolve's sweep, the
 * sweep to Ongoing, merge, unmerge, delete and discard.
 */
import { z } from 'zod';
import { FaultlineError } from '../../../src-shared/errors.ts';
import { issueUpdateSchema } from '../../../src-shared/issues-api.ts';
import { autoOngoing } from '../issues/auto-ongoing.ts';
import { autoResolveProject, projectsWithResolveAge } from '../issues/auto-resolve.ts';
import { setBookmarked } from '../issues/bookmarks.ts';
import { deleteGroups, mergeGroups, unmergeHashes } from '../issues/merge.ts';
import { withReplacement } from '../issues/pending-replacements.ts';
import { setPriority } from '../issues/priority.ts';
import { markReviewed } from '../issues/reviewed.ts';
import { updateStatus } from '../issues/status.ts';
import { removeUnreferencedFiles } from '../retention/delete-events.ts';
import { command, type WorkerCommand } from './command.ts';
import { syncGroupMirrors } from './mirrors.ts';
import { completeReplacement } from './replacements.ts';

const groupIds = z.array(z.number().int().positive()).min(1).max(10_000);
const projectId = z.number().int().positive();

export const GROUP_COMMANDS: Record<string, WorkerCommand> = {
  'issues.update': command(
    z.object({ projectId, groupIds, update: issueUpdateSchema }),
    async ({ db, index }, args, publish) => {
      const { update } = args;
      const now = Date.now();
      const changed =
        'status' in update
          ? updateStatus(db, args.projectId, args.groupIds, update, now)
          : 'priority' in update
            ? setPriority(db, args.projectId, args.groupIds, update.priority, now)
            : 'inbox' in update
              ? markReviewed(db, args.projectId, args.groupIds, now)
              : setBookmarked(db, args.projectId, args.groupIds, update.isBookmarked, now);
      await syncGroupMirrors(db, index, args.projectId, args.groupIds);
      publish({ type: 'issues.changed', projectId: args.projectId });
      return { changed };
    },
  ),

  /**
   * Auto Resolve (issues/auto-resolve.ts) for every project that has it on, or only `projectId`;
   * `now` lets tests move the clock. Run hourly (issues/issue-sweeps-schedule.ts) and when a
   * project's age changes.
   */
  'issues.autoResolve': command(
    z.object({ projectId: projectId.optional(), now: z.number().int().optional() }),
    async ({ db, index }, args, publish) => {
      const now = args.now ?? Date.now();
      let resolved = 0;
      for (const project of projectsWithResolveAge(db, args.projectId)) {
        const ids = autoResolveProject(db, project.projectId, project.resolveAge, now);
        if (ids.length === 0) continue;
        await syncGroupMirrors(db, index, project.projectId, ids);
        publish({ type: 'issues.changed', projectId: project.projectId });
        resolved += ids.length;
      }
      return { resolved };
    },
  ),

  /**
   * Issues New, Regressed or Escalating for 7 days become Ongoing (issues/auto-ongoing.ts); `now`
   * lets tests move the clock. Run hourly (issues/issue-sweeps-schedule.ts).
   */
  'issues.autoOngoing': command(
    z.object({ now: z.number().int().optional() }),
    async ({ db, index }, args, publish) => {
      const changed = autoOngoing(db, args.now ?? Date.now());
      let ongoing = 0;
      for (const [projectId, ids] of changed) {
        await syncGroupMirrors(db, index, projectId, ids);
        publish({ type: 'issues.changed', projectId });
        ongoing += ids.length;
      }
      return { ongoing };
    },
  ),

  'issues.merge': command(
    z.object({ projectId, groupIds: groupIds.min(2) }),
    async ({ db, index }, args, publish) => {
      const { result: merged, pending } = withReplacement(
        db,
        () => mergeGroups(db, args.projectId, args.groupIds, Date.now()),
        (done) => done && { kind: 'merge', projectId: args.projectId, ...done },
      );
      if (!merged)
        throw new FaultlineError('invalid_params', 'merge needs at least two issues of the project');
      await completeReplacement(db, index, pending);
      publish({ type: 'issues.changed', projectId: args.projectId });
      return merged;
    },
  ),

  'issues.unmerge': command(
    z.object({ projectId, groupId: z.number().int().positive(), hashes: z.array(z.string()).min(1) }),
    async ({ db, index }, args, publish) => {
      const { result, pending } = withReplacement(
        db,
        () => unmergeHashes(db, args.projectId, args.groupId, args.hashes, Date.now()),
        (done) => done && { kind: 'unmerge', projectId: args.projectId, ...done },
      );
      if (!result) throw new FaultlineError('not_found', 'none of those hashes belongs to that issue');
      await completeReplacement(db, index, pending);
      publish({ type: 'issues.changed', projectId: args.projectId });
      return result;
    },
  ),

  'issues.delete': command(
    z.object({ projectId, groupIds, discard: z.boolean() }),
    async (stores, args, publish) => {
      const { db, index } = stores;
      const { result, pending } = withReplacement(
        db,
        () => deleteGroups(db, args.projectId, args.groupIds, { discard: args.discard, now: Date.now() }),
        ({ ids }) =>
          ids.length > 0 ? { kind: 'delete', projectId: args.projectId, groupIds: ids } : undefined,
      );
      const { ids: deleted, attachmentHashes } = result;
      // The files go once the rows that named them are committed (another event may share one).
      removeUnreferencedFiles(stores, attachmentHashes);
      await completeReplacement(db, index, pending);
      publish({ type: 'issues.changed', projectId: args.projectId });
      return { deleted };
    },
  ),
};
