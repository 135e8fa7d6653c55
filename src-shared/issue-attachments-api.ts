/**
 * The attachments of an issue's events (`issues.attachments`, Sentry's group attachments endpoint)
 * and the deletion of one (`attachments.delete`, Sentry's event attachment DELETE).
 */
import { z } from 'zod';
import {
  type AttachmentInfo,
  checkRange,
  environmentNames,
  rangeFields,
  STATS_PERIODS,
} from './issues-api.ts';

/**
 * Sentry's attachment filter: all, screenshots (a name containing `screenshot`, any case) or
 * only crash reports (minidumps, Apple crash reports and the other crash report types).
 */
export const ATTACHMENT_FILTERS = ['all', 'screenshot', 'onlyCrash'] as const;
export type AttachmentFilter = (typeof ATTACHMENT_FILTERS)[number];

export interface IssueAttachment extends AttachmentInfo {
  /** The event it came with. */
  eventId: string;
  /** When it was stored (Sentry's `dateCreated`). */
  dateCreated: string;
}

export interface IssueAttachmentList {
  /** Newest first. */
  attachments: IssueAttachment[];
  total: number;
  offset: number;
}

const attachmentId = z.number().int().positive();

export const issueAttachmentParams = {
  list: z
    .object({
      groupId: z.number().int().positive(),
      filter: z.enum(ATTACHMENT_FILTERS).default('all'),
      offset: z.number().int().nonnegative().default(0),
      limit: z.number().int().min(1).max(500).default(50),
      /** The page's filter: the attachments of the events of these environments and this time. */
      environments: environmentNames,
      /**
       * The page's event search (tags, level, `has:`, text, `date:`): only the attachments of the events
       * that match it, as Sentry's issue attachments take its `query`.
       */
      query: z.string().max(4000).default(''),
      period: z.enum(STATS_PERIODS).optional(),
      ...rangeFields,
    })
    .strict()
    .superRefine(checkRange),
  delete: z.object({ attachmentId }).strict(),
};
