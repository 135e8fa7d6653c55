/** The API handler of the User Feedback page: `feedback.list` (SQLite only, on the main thread). */
import type { Handlers } from '../api/handlers.ts';
import { AttachmentStore } from '../store/attachments.ts';
import { listFeedback } from './list.ts';

export const feedbackHandlers: Pick<Handlers, 'feedback.list'> = {
  'feedback.list': (params, ctx) => listFeedback(ctx.db, new AttachmentStore(ctx.db, ctx.dataDir), params),
};
