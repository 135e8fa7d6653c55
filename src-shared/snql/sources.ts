/**
 * Binding a query's MATCH to entity schemas: Faultline serves the events family and the entities
 * it joins to; any other Snuba entity or storage is refused with a clear reason. Join
 * relationships must exist on the left entity, as in Snuba's visitor.
 */
import type { EntityNode, JoinSource, StorageSource } from './ast.ts';
import { availableEntities, getEntity } from './entities/registry.ts';
import { SnqlError } from './errors.ts';
import type { BoundEntity, BoundJoin, ValidatedSource } from './validatedQuery.ts';

export function bindEntity(node: EntityNode): BoundEntity {
  const schema = getEntity(node.entity);
  if (schema === undefined) {
    throw new SnqlError(
      'ParsingException',
      'entity_not_available',
      `entity ${node.entity} is not available in Faultline (available: ${availableEntities().join(', ')})`,
      node.span,
    );
  }
  const bound: BoundEntity = { alias: node.alias ?? null, key: node.entity, schema, span: node.span };
  return node.sample === undefined ? bound : { ...bound, sample: node.sample };
}

export function bindStorage(node: StorageSource): never {
  throw new SnqlError(
    'ParsingException',
    'entity_not_available',
    `storage ${node.storage} is not available in Faultline: query an entity instead (${availableEntities().join(', ')})`,
    node.span,
  );
}

export function bindJoin(join: JoinSource): ValidatedSource {
  const entities = new Map<string, BoundEntity>();
  const joins: BoundJoin[] = [];
  const bindOnce = (node: EntityNode): BoundEntity => {
    const alias = node.alias ?? '';
    const existing = entities.get(alias);
    if (existing) {
      if (existing.key !== node.entity) {
        throw new SnqlError(
          'ParsingException',
          'invalid_relationship',
          `alias ${alias} is bound to two different entities`,
          node.span,
        );
      }
      return existing;
    }
    const bound = bindEntity(node);
    entities.set(alias, bound);
    return bound;
  };
  for (const rel of join.relationships) {
    const lhs = bindOnce(rel.lhs);
    const definition = lhs.schema.relationships[rel.relationship];
    if (definition === undefined) {
      throw new SnqlError(
        'ParsingException',
        'invalid_relationship',
        `${rel.lhs.entity} does not have a join relationship -[${rel.relationship}]->`,
        rel.span,
      );
    }
    const rhs = bindOnce(rel.rhs);
    if (definition.rhsEntity !== rhs.schema.key) {
      throw new SnqlError(
        'ParsingException',
        'invalid_relationship',
        `relationship -[${rel.relationship}]-> of ${rel.lhs.entity} joins ${definition.rhsEntity}, not ${rel.rhs.entity}`,
        rel.span,
      );
    }
    joins.push({ lhs: lhs.alias ?? '', relationship: rel.relationship, rhs: rhs.alias ?? '', definition });
  }
  return { kind: 'join', entities: [...entities.values()], joins };
}
