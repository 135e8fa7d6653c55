/**
 * From a public key to the project it may send to (Relay's project state check): unknown keys,
 * disabled keys and a key used against another project's URL are refused with 403.
 */
import type { Auth } from './auth.ts';
import { IngestError } from './errors.ts';
import type { IngestService, Scoping } from './service.ts';

const rejected = (type: 'project_id' | 'project_state', why: string) =>
  new IngestError(type, 403, `event submission rejected with_reason: ${why}`);

export function authorize(service: IngestService, auth: Auth, pathProjectId: number | undefined): Scoping {
  const key = service.config.lookupKey(auth.publicKey);
  if (!key) throw rejected('project_id', 'ProjectId');
  if (pathProjectId !== undefined && key.projectId !== pathProjectId)
    throw rejected('project_id', 'ProjectId');
  if (!key.isActive) throw rejected('project_state', 'DisabledKey');
  if (!service.config.project(key.projectId)) throw rejected('project_id', 'ProjectId');
  return { projectId: key.projectId, keyId: key.keyId };
}
