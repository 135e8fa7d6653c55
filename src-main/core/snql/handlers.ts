/** The API handlers of the SnQL console: DuckDB work through the pipeline worker, saved queries in SQLite. */
import type { SnqlExplainResponse, SnqlExportResponse, SnqlResponse } from '../../../src-shared/snql-api.ts';
import type { Handlers } from '../api/handlers.ts';
import { deleteSavedQuery, listSavedQueries, saveQuery } from './saved-queries.ts';

type SnqlMethods =
  | 'snql.query'
  | 'snql.cancel'
  | 'snql.explain'
  | 'snql.tagKeys'
  | 'snql.export'
  | 'snql.saved.list'
  | 'snql.saved.save'
  | 'snql.saved.delete';

export const snqlHandlers: Pick<Handlers, SnqlMethods> = {
  'snql.query': (params, ctx) => ctx.pipeline.call<SnqlResponse>('snql.query', params),
  'snql.cancel': (params, ctx) => ctx.pipeline.call<{ cancelled: boolean }>('snql.cancel', params),
  'snql.explain': (params, ctx) => ctx.pipeline.call<SnqlExplainResponse>('snql.explain', params),
  'snql.tagKeys': (params, ctx) => ctx.pipeline.call<string[]>('snql.tagKeys', params),
  'snql.export': (params, ctx) => ctx.pipeline.call<SnqlExportResponse>('snql.export', params),
  'snql.saved.list': (_params, ctx) => listSavedQueries(ctx.db),
  'snql.saved.save': (params, ctx) => saveQuery(ctx.db, params),
  'snql.saved.delete': ({ id }, ctx) => deleteSavedQuery(ctx.db, id),
};
