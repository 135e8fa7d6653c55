/** The entities Faultline serves, looked up by the key a query names. */
import { DISCOVER, DISCOVER_EVENTS, EVENTS } from './events.ts';
import { GROUP_ATTRIBUTES, GROUPASSIGNEE, GROUPEDMESSAGE } from './groups.ts';
import { OUTCOMES } from './outcomes.ts';
import type { EntitySchema } from './schema.ts';
import { SNUBA_ENTITY_KEYS, SNUBA_STORAGE_KEYS } from './snubaKeys.ts';

const ENTITIES: ReadonlyMap<string, EntitySchema> = new Map(
  [EVENTS, DISCOVER_EVENTS, DISCOVER, GROUPEDMESSAGE, GROUPASSIGNEE, GROUP_ATTRIBUTES, OUTCOMES].map((e) => [
    e.key,
    e,
  ]),
);

export function getEntity(key: string): EntitySchema | undefined {
  return ENTITIES.get(key);
}

export function availableEntities(): string[] {
  return [...ENTITIES.keys()];
}

export function isSnubaEntity(key: string): boolean {
  return SNUBA_ENTITY_KEYS.has(key);
}

export function isSnubaStorage(key: string): boolean {
  return SNUBA_STORAGE_KEYS.has(key);
}
