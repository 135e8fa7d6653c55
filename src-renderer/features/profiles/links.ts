/** The URL of a profile's flame graph: `#/profiles/<profile id>` or `#/profiles/profiler/<id>?start=…&end=…`. */
import type { ProfileRef } from '../../../src-shared/profiles-api.ts';
import { hrefFor } from '../../app/router.ts';

export function profileHref(projectId: number, ref: ProfileRef): string {
  const project = String(projectId);
  return ref.kind === 'transaction'
    ? hrefFor('profiles', [ref.profileId], { project })
    : hrefFor('profiles', ['profiler', ref.profilerId], { project, start: ref.start, end: ref.end });
}
