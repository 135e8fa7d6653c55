/** The environments of the page filters (Sentry's environment selector), over one or several projects. */
import { z } from 'zod';

const projectId = z.number().int().positive();

export const environmentParams = {
  /**
   * The names of the environments the projects' events and items name, those not hidden (Sentry's
   * selector lists a project's visible environments), sorted; no projects given is every project.
   */
  list: z.object({ projectIds: z.array(projectId).max(1000).default([]) }).strict(),
};
