/**
 * The group entities events can join to (spec §2.3): `groupedmessage` and `groupassignee`
 * (CDC copies of Sentry's Postgres tables) and `group_attributes`.
 */
import { buildColumns, type EntitySchema } from './schema.ts';

const U64 = 'Nullable(UInt64)';

export const GROUPEDMESSAGE: EntitySchema = {
  key: 'groupedmessage',
  storage: 'groupedmessages',
  columns: buildColumns([
    ['offset', 'UInt64'],
    ['record_deleted', 'UInt8'],
    ['project_id', 'UInt64'],
    ['id', 'UInt64'],
    ['status', 'Nullable(UInt8)'],
    ['last_seen', 'Nullable(DateTime)'],
    ['first_seen', 'Nullable(DateTime)'],
    ['active_at', 'Nullable(DateTime)'],
    ['first_release_id', U64],
  ]),
  requiredFilterColumns: [],
  subscriptables: new Set(),
  relationships: {},
};

export const GROUPASSIGNEE: EntitySchema = {
  key: 'groupassignee',
  storage: 'groupassignees',
  columns: buildColumns([
    ['offset', 'UInt64'],
    ['record_deleted', 'UInt8'],
    ['project_id', 'UInt64'],
    ['group_id', 'UInt64'],
    ['date_added', 'Nullable(DateTime)'],
    ['user_id', U64],
    ['team_id', U64],
  ]),
  requiredFilterColumns: [],
  subscriptables: new Set(),
  relationships: {},
};

export const GROUP_ATTRIBUTES: EntitySchema = {
  key: 'group_attributes',
  storage: 'group_attributes',
  columns: buildColumns([
    ['project_id', 'UInt64'],
    ['group_id', 'UInt64'],
    ['group_status', 'UInt8'],
    ['group_substatus', 'Nullable(UInt8)'],
    ['group_priority', 'Nullable(UInt8)'],
    ['group_first_release', 'Nullable(UUID)'],
    ['group_first_seen', 'DateTime'],
    ['group_num_comments', 'UInt64'],
    ['assignee_user_id', U64],
    ['assignee_team_id', U64],
    ['owner_suspect_commit_user_id', U64],
    ['owner_ownership_rule_user_id', U64],
    ['owner_ownership_rule_team_id', U64],
    ['owner_codeowners_user_id', U64],
    ['owner_codeowners_team_id', U64],
    ['deleted', 'UInt8'],
    ['message_timestamp', 'DateTime'],
    ['partition', 'UInt16'],
    ['offset', 'UInt64'],
  ]),
  requiredFilterColumns: ['project_id'],
  subscriptables: new Set(),
  relationships: {},
};
