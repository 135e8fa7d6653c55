/**
 * Sentry's widget builder, sized down: the dataset, the visualization, the Y-axis (aggregates), the
 * group by (columns), the search, the sort, the limit and the interval of one query. The widget is
 * checked by the core as Sentry's `…/dashboards/widgets/` checks it (`dashboards.validateWidget`:
 * its query run by Discover) before it joins the dashboard; a refusal shows Sentry's words.
 */
import { useState } from 'react';
import { DISPLAY_TYPES, WIDGET_TYPES } from '../../../src-shared/dashboards-api.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { EMPTY_FORM, formOf, type WidgetDraft, type WidgetForm, widgetOf } from './widget-draft.ts';

const DISPLAY_LABELS: Record<string, string> = {
  line: 'Line Chart',
  area: 'Area Chart',
  bar: 'Bar Chart',
  table: 'Table',
  big_number: 'Big Number',
  top_n: 'Top 5 Events',
};

const DATASET_LABELS: Record<string, string> = {
  'error-events': 'Errors',
  'transaction-like': 'Transactions',
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
          onChange={(e) => set({ widgetType: e.currentTarget.value as WidgetForm['widgetType'] })}
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
          onChange={(e) => set({ displayType: e.currentTarget.value as WidgetForm['displayType'] })}
        >
          {DISPLAY_TYPES.map((type) => (
            <option key={type} value={type}>
              {DISPLAY_LABELS[type]}
            </option>
          ))}
        </select>
      </label>
      {text('aggregates', 'Y-axis', 'count(), count_unique(user)')}
      {text('columns', 'Group by', 'browser.name, transaction')}
      {text('conditions', 'Search', 'level:error !has:user.email')}
      {text('orderby', 'Sort by', '-count()')}
      {text('limit', 'Limit', '1–10')}
      {text('interval', 'Interval', '5m')}
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
