/** The API handlers of exports (worker-side work, main-thread state) and imports (sessions). */
import type { Handlers } from '../api/handlers.ts';
import { importsOf } from '../import/registry.ts';
import { exportsOf } from './registry.ts';

type DatasetMethods =
  | 'export.start'
  | 'export.status'
  | 'export.list'
  | 'export.cancel'
  | 'export.read'
  | 'import.begin'
  | 'import.chunk'
  | 'import.end';

export const exportHandlers: Pick<Handlers, DatasetMethods> = {
  'export.start': (params, ctx) => exportsOf(ctx).start(params),
  'export.status': ({ exportId }, ctx) => exportsOf(ctx).status(exportId),
  'export.list': (_params, ctx) => exportsOf(ctx).list(),
  'export.cancel': ({ exportId }, ctx) => exportsOf(ctx).cancel(exportId),
  'export.read': ({ exportId, offset, length }, ctx) => exportsOf(ctx).read(exportId, offset, length),
  'import.begin': (params, ctx) => importsOf(ctx).begin(params),
  'import.chunk': ({ importId, base64 }, ctx) =>
    importsOf(ctx).chunk(importId, Buffer.from(base64, 'base64')),
  'import.end': ({ importId }, ctx) => importsOf(ctx).end(importId),
};
