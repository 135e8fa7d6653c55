/**
 * A widget's queries checked by its dataset's own code, as Sentry's `DashboardWidgetQuerySerializer`
 * builds each query to see that it would run. On the events datasets (errors, transactions, spans,
 * logs): the conditions (a search over `count()`), then the columns and aggregates, then the sort,
 * each asked of the events endpoint's own code (`eventsTable`, which hands spans and logs to
 * Explore's parser and columns) over the last day of the widget's dataset. On issues: the conditions
 * parsed by the issue list's own parser (Sentry's `parse_search_query`), the columns the issue
 * table's, the Y-axes the issues-timeseries', the sort the list's. The refusal, in that code's words,
 * is the query's mistake in Sentry's shape: `{"queries": [{}, {"conditions": ["Invalid conditions: …"]}]}`.
 * A visualization the dataset does not draw is the widget's `displayType` mistake.
 */
import {
  DATASET_DISPLAY_TYPES,
  type DisplayType,
  ISSUE_FIELDS,
  ISSUE_SERIES_AXES,
  ISSUE_WIDGET_SORTS,
  queryFields,
  type WidgetType,
  widgetDataset,
} from '../../../src-shared/dashboards-api.ts';
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { CoreContext } from '../context.ts';
import { eventsTable } from '../http/sentry-api/discover.ts';
import { SentryApiError } from '../http/sentry-api/request.ts';
import { parseSearch } from '../issues/queries/event-search.ts';

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

/** One events query's mistakes (none: `{}`), in the order Sentry's serializer finds them. */
async function eventsQueryMistakes(
  ctx: CoreContext,
  dataset: string,
  query: CheckedQuery,
): Promise<Record<string, unknown>> {
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

const oneOf = (known: readonly string[]) => (value: string) => known.includes(value);

/** One issue query's mistakes: its search as the issue list parses it, its columns or axes, its sort. */
export function issueQueryMistakes(query: CheckedQuery, displayType: DisplayType): Record<string, unknown> {
  try {
    parseSearch(query.conditions);
  } catch (error) {
    if (error instanceof FaultlineError) return { conditions: [`Invalid conditions: ${error.message}`] };
    throw error;
  }
  const table = displayType === 'table';
  const unknown = table
    ? queryFields(query).filter((field) => !oneOf(ISSUE_FIELDS)(field))
    : query.aggregates.filter((axis) => !oneOf(ISSUE_SERIES_AXES)(axis));
  if (unknown.length > 0)
    return {
      fields: table
        ? `Invalid fields: ${unknown.map((f) => `'${f}'`).join(', ')} not an issue field (${ISSUE_FIELDS.join(', ')})`
        : `Invalid fields: Unknown axis: ${unknown[0]}`,
    };
  if (table && query.orderby !== '' && !oneOf(ISSUE_WIDGET_SORTS)(query.orderby))
    return {
      orderby: `Invalid orderby: '${query.orderby}' is not an issue sort (${ISSUE_WIDGET_SORTS.join(', ')})`,
    };
  return {};
}

/** One query's mistakes (none: `{}`), by its dataset's own code. */
export async function queryMistakes(
  ctx: CoreContext,
  widget: { displayType: DisplayType; widgetType: WidgetType },
  query: CheckedQuery,
): Promise<Record<string, unknown>> {
  const dataset = widgetDataset(widget.widgetType);
  return dataset === undefined
    ? issueQueryMistakes(query, widget.displayType)
    : eventsQueryMistakes(ctx, dataset, query);
}

/** The widget's mistakes — a visualization its dataset does not draw, else its queries' — or undefined. */
export async function widgetMistakes(
  ctx: CoreContext,
  widget: { displayType: DisplayType; widgetType: WidgetType; queries: CheckedQuery[] },
): Promise<Record<string, unknown> | undefined> {
  const displays = DATASET_DISPLAY_TYPES[widget.widgetType];
  if (!displays.includes(widget.displayType))
    return {
      displayType: [
        `"${widget.displayType}" is not a valid visualization for ${widget.widgetType} widgets (${displays.join(', ')}).`,
      ],
    };
  const mistakes = [];
  for (const query of widget.queries) mistakes.push(await queryMistakes(ctx, widget, query));
  return mistakes.some((m) => Object.keys(m).length > 0) ? { queries: mistakes } : undefined;
}
