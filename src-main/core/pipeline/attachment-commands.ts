/**
 * Deleting one attachment (Sentry's event attachment DELETE): its row, then its file unless another
 * attachment has the same bytes (the file store is content-addressed). A worker command, so it runs
 * between batches: a batch storing the same bytes again finds the file there or writes it anew,
 * never a row naming a file unlinked under it.
 */
import { z } from 'zod';
import { FaultlineError } from '../../../src-shared/errors.ts';
import { removeUnreferencedFiles } from '../retention/delete-events.ts';
import { stmt } from '../store/statements.ts';
import { command, type WorkerCommand } from './command.ts';

export const ATTACHMENT_COMMANDS: Record<string, WorkerCommand> = {
  'attachments.delete': command(
    z.object({ attachmentId: z.number().int().positive() }),
    (stores, { attachmentId }, publish) => {
      const row = stmt<[number], { project_id: number; sha256: string }>(
        stores.db,
        'DELETE FROM attachments WHERE id = ? RETURNING project_id, sha256',
      ).get(attachmentId);
      if (!row) throw new FaultlineError('not_found', `attachment ${attachmentId} does not exist`);
      removeUnreferencedFiles(stores, [row.sha256]);
      publish({ type: 'issues.changed', projectId: row.project_id });
      return { deleted: attachmentId };
    },
  ),
};
