/**
 * A widget's queries checked by Discover itself, as Sentry's `DashboardWidgetQuerySerializer` builds
 * each query to see that it would run: the conditions (a search over `count()`), then the columns and
 * aggregates, then the sort, each asked of the events endpoint's own code (`eventsTable`) over the last
 * day of the widget's dataset. Its refusal, in Discover's words, is the query's mistake in Sentry's
 * shape: `{"queries": [{}, {"conditions": ["Invalid conditions: …"]}]}`.
 */
import {
  type DisplayType,
  queryFields,
  type WidgetType,
  widgetDataset,
} from '../../../src-shared/dashboards-api.ts';
import type { CoreContext } from '../context.ts';
import { eventsTable } from '../http/sentry-api/discover.ts';
import { SentryApiError } from '../http/sentry-api/request.ts';

const EVENTS_URL = 'http://faultline.invalid/api/0/organizations/faultline/events/';

export interface CheckedQuery {
  fields: string[];
  aggregates: string[];
  columns: string[];
  conditions: string;
  orderby: string;
}

const isFunction = (field: string) => /^\w+\(.*\)$/.test(field);

/** Discover's refusal of the query, or undefined when it runs. */
async function refusal(ctx: CoreContext, dataset: string, params: Record<string, string | string[]>) {
  const search = new URLSearchParams({ dataset, statsPeriod: '24h', per_page: '1' });
  for (const [key, value] of Object.entries(params))
    for (const one of Array.isArray(value) ? value : [value]) search.append(key, one);
  try {
    await eventsTable(ctx, search, new URL(`${EVENTS_URL}?${search}`));
    return undefined;
  } catch (error) {
    if (error instanceof SentryApiError && error.status === 400) {
      const body = error.body as { detail?: unknown };
      return typeof body.detail === 'string' ? body.detail : error.message;
    }
    throw error;
  }
}

/** One query's mistakes (none: `{}`), in the order Sentry's serializer finds them. */
export async function queryMistakes(
  ctx: CoreContext,
  widgetType: WidgetType,
  query: CheckedQuery,
): Promise<Record<string, unknown>> {
  const dataset = widgetDataset(widgetType);
  if (query.conditions.trim() !== '') {
    const bad = await refusal(ctx, dataset, { field: 'count()', query: query.conditions });
    if (bad) return { conditions: [`Invalid conditions: ${bad}`] };
  }
  const fields = queryFields(query);
  if (fields.length === 0) return {};
  const bad = await refusal(ctx, dataset, { field: fields });
  if (bad) return { fields: `Invalid fields: ${bad}` };
  const sort = query.orderby.replace(/^-/, '');
  if (sort === '') return {};
  // A function the widget sorts by without showing is added to the query, as Sentry's is.
  const sorted = isFunction(sort) && !fields.includes(sort) ? [...fields, sort] : fields;
  const badSort = await refusal(ctx, dataset, { field: sorted, sort: query.orderby });
  return badSort ? { orderby: `Invalid orderby: ${badSort}` } : {};
}

/** Every query's mistakes, or undefined when each would run. */
export async function widgetMistakes(
  ctx: CoreContext,
  widget: { displayType: DisplayType; widgetType: WidgetType; queries: CheckedQuery[] },
): Promise<{ queries: Record<string, unknown>[] } | undefined> {
  const mistakes = [];
  for (const query of widget.queries) mistakes.push(await queryMistakes(ctx, widget.widgetType, query));
  return mistakes.some((m) => Object.keys(m).length > 0) ? { queries: mistakes } : undefined;
}
