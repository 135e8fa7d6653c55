/**
 * The User Feedback page, as Sentry's User Feedback inbox lists it: every piece of feedback a
 * project received, newest first — feedback sent on its own (the feedback widget,
 * `Sentry.captureFeedback` without an event) as well as feedback about an error event, which
 * the User Feedback tab also shows. Params schema and result type of `feedback.list`.
 */
import { z } from 'zod';
import type { AttachmentInfo } from './issues-api.ts';

/** Stored feedback items read for one page at most (newest first): local apps get a handful. */
export const MAX_FEEDBACK_ITEMS = 2_000;

export interface FeedbackEntry {
  /** The stored item's id (stable: the page's key). */
  id: number;
  /** `feedback`: current SDKs' feedback event; `user_report`: the older report about an event. */
  source: 'feedback' | 'user_report';
  /** The feedback event's own id (feedback items). */
  feedbackEventId: string | null;
  /** The error event it is about, if any, with that event's issue once the event is stored. */
  eventId: string | null;
  groupId: number | null;
  shortId: string | null;
  name: string | null;
  email: string | null;
  message: string;
  /** The page the user was on. */
  url: string | null;
  /** When it was sent (a feedback event's timestamp) or, for a report, received. */
  dateCreated: string;
  environment: string | null;
  release: string | null;
  /** "Chrome 120.0", "Mac OS X 10.15.7", as the feedback event's contexts name them. */
  browser: string | null;
  os: string | null;
  /** The user the SDK knew (`user.email`, else `user.username`, else `user.id`). */
  user: string | null;
  /** Attachments sent with it (the widget's screenshot). */
  attachments: AttachmentInfo[];
}

export interface FeedbackList {
  feedback: FeedbackEntry[];
  /** How many match the search among the items read. */
  total: number;
  offset: number;
  /** More than MAX_FEEDBACK_ITEMS are stored: older ones were not read. */
  partial: boolean;
}

export const feedbackParams = {
  list: z
    .object({
      projectId: z.number().int().positive(),
      /** Words found in the message, name, email or URL (case-insensitive). */
      query: z.string().max(1_000).optional(),
      offset: z.number().int().nonnegative().default(0),
      limit: z.number().int().min(1).max(200).default(50),
    })
    .strict(),
};
