/**
 * Sentry's widget builder, sized down: the dataset (errors, transactions, issues, spans, logs), the
 * visualizations that dataset draws, the Y-axis (aggregates), the group by (columns), the search, the
 * sort, the limit and the interval of one query — for an issue table its columns and the issue list's
 * sorts instead. Choosing a dataset starts its default query, as Sentry's builder does. The widget is
 * checked by the core as Sentry's `…/dashboards/widgets/` checks it (`dashboards.validateWidget`:
 * its query run by its dataset's own code) before it joins the dashboard; a refusal shows its words.
 */
import { useState } from 'react';
import {
  DATASET_DISPLAY_TYPES,
  ISSUE_FIELDS,
  ISSUE_SERIES_AXES,
  ISSUE_WIDGET_SORTS,
  WIDGET_TYPES,
  type WidgetType,
} from '../../../src-shared/dashboards-api.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import {
  EMPTY_FORM,
  formOf,
  formOnDataset,
  type WidgetDraft,
  type WidgetForm,
  widgetOf,
} from './widget-draft.ts';

const DISPLAY_LABELS: Record<string, string> = {
  line: 'Line Chart',
  area: 'Area Chart',
  bar: 'Bar Chart',
  table: 'Table',
  big_number: 'Big Number',
  top_n: 'Top 5 Events',
};

const DATASET_LABELS: Record<WidgetType, string> = {
  'error-events': 'Errors',
  'transaction-like': 'Transactions',
  issue: 'Issues',
  spans: 'Spans',
  logs: 'Logs',
};

/** What each dataset's fields look like, as hints under the builder's inputs. */
const PLACEHOLDERS: Record<WidgetType, { aggregates: string; columns: string; conditions: string }> = {
  'error-events': {
    aggregates: 'count(), count_unique(user)',
    columns: 'browser.name, transaction',
    conditions: 'level:error !has:user.email',
  },
  'transaction-like': {
    aggregates: 'count(), p95(transaction.duration)',
    columns: 'transaction',
    conditions: 'transaction.op:http.server',
  },
  issue: {
    aggregates: ISSUE_SERIES_AXES.join(', '),
    columns: ISSUE_FIELDS.slice(0, 5).join(', '),
    conditions: 'is:unresolved',
  },
  spans: {
    aggregates: 'count(span.duration), p95(span.duration)',
    columns: 'span.op, span.description',
    conditions: 'span.op:db',
  },
  logs: { aggregates: 'count(), count_unique(message)', columns: 'severity', conditions: 'severity:error' },
};

/** The issue list's sorts as Sentry's `getSortLabel` names them. */
const ISSUE_SORT_LABELS: Record<(typeof ISSUE_WIDGET_SORTS)[number], string> = {
  date: 'Last Seen',
  new: 'First Seen',
  freq: 'Events',
  user: 'Users',
};

export function WidgetBuilder({
  widget,
  onDone,
  onCancel,
}: {
  widget?: WidgetDraft;
  onDone: (widget: WidgetDraft) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<WidgetForm>(widget ? formOf(widget) : EMPTY_FORM);
  const validate = useApiMutation('dashboards.validateWidget');
  const set = (change: Partial<WidgetForm>) => setForm((current) => ({ ...current, ...change }));
  const hints = PLACEHOLDERS[form.widgetType];
  const issueTable = form.widgetType === 'issue' && form.displayType === 'table';
  const issueChart = form.widgetType === 'issue' && !issueTable;
  const text = (key: keyof WidgetForm, label: string, placeholder = '') => (
    <label>
      {label}{' '}
      <input
        aria-label={label}
        value={form[key]}
        placeholder={placeholder}
        onChange={(e) => set({ [key]: e.currentTarget.value })}
      />
    </label>
  );
  return (
    <form
      className="widget-builder"
      aria-label={widget ? 'Edit widget' : 'Add widget'}
      onSubmit={(e) => {
        e.preventDefault();
        const next = widgetOf(form, widget);
        // Checked as a new widget: the body then names everything the widget will be.
        const { id: _id, queries, ...rest } = next;
        validate.mutate(
          { body: { ...rest, queries: queries.map(({ id: _q, ...query }) => query) } },
          { onSuccess: () => onDone(next) },
        );
      }}
    >
      <h2>{widget ? 'Edit widget' : 'Add widget'}</h2>
      {text('title', 'Widget title', 'Errors over time')}
      <label>
        Dataset{' '}
        <select
          aria-label="Dataset"
          value={form.widgetType}
          onChange={(e) => {
            // Read now: React clears the event's target before the update runs.
            const type = e.currentTarget.value as WidgetType;
            setForm((current) => formOnDataset(current, type, current.displayType));
          }}
        >
          {WIDGET_TYPES.map((type) => (
            <option key={type} value={type}>
              {DATASET_LABELS[type]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Visualization{' '}
        <select
          aria-label="Visualization"
          value={form.displayType}
          onChange={(e) => {
            const display = e.currentTarget.value as WidgetForm['displayType'];
            setForm((current) => formOnDataset(current, current.widgetType, display));
          }}
        >
          {DATASET_DISPLAY_TYPES[form.widgetType].map((type) => (
            <option key={type} value={type}>
              {DISPLAY_LABELS[type]}
            </option>
          ))}
        </select>
      </label>
      {!issueTable && text('aggregates', 'Y-axis', hints.aggregates)}
      {!issueChart && text('columns', issueTable ? 'Columns' : 'Group by', hints.columns)}
      {text('conditions', 'Search', hints.conditions)}
      {issueTable ? (
        <label>
          Sort by{' '}
          <select
            aria-label="Sort by"
            value={form.orderby}
            onChange={(e) => set({ orderby: e.currentTarget.value })}
          >
            {ISSUE_WIDGET_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {ISSUE_SORT_LABELS[sort]}
              </option>
            ))}
          </select>
        </label>
      ) : (
        !issueChart && text('orderby', 'Sort by', '-count()')
      )}
      {!issueChart && text('limit', 'Limit', '1–10')}
      {!issueTable && text('interval', 'Interval', '5m')}
      {validate.error && <ErrorNote error={validate.error} />}
      <div className="widget-builder-actions">
        <button type="submit" disabled={validate.isPending}>
          {widget ? 'Update widget' : 'Add widget'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
