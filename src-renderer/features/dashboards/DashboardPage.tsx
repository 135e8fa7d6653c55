/**
 * One dashboard, as Sentry's shows it: its widgets on a six-column grid by their layouts, each drawn
 * from real data (`WidgetCard.tsx`) under the page filters — the dashboard's saved projects,
 * environments and period, or those chosen here (kept in the URL) — applied to every widget. Add,
 * edit and delete widgets (`WidgetBuilder.tsx`), then Save: Sentry's PUT with the widgets (kept by
 * id, new ones created, missing ones deleted) and the filters shown. Saving the prebuilt General
 * dashboard saves a copy in its place, as Sentry's does.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Dashboard, PageFilters } from '../../../src-shared/dashboards-api.ts';
import { apiKeys, useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { ErrorNote } from '../../app/ErrorNote.tsx';
import { hrefFor, navigate, useRoute } from '../../app/router.ts';
import { EnvironmentPicker } from '../issues/EnvironmentPicker.tsx';
import { PeriodPicker, periodOf, rangeOf } from '../issues/RangePicker.tsx';
import { WidgetBuilder } from './WidgetBuilder.tsx';
import { WidgetCard } from './WidgetCard.tsx';
import { draftOf, duplicateOf, placed, type WidgetDraft } from './widget-draft.ts';

const DEFAULT_PERIOD = '24h';

/** The page filters: the URL's where it names them, else the dashboard's saved ones. */
function filtersOf(params: URLSearchParams, dashboard: Dashboard): PageFilters {
  const project = params.has('project')
    ? params
        .getAll('project')
        .map(Number)
        .filter((id) => id > 0)
    : dashboard.projects.filter((id) => id > 0);
  const environment = params.has('environment')
    ? params.getAll('environment').filter((name) => name !== '')
    : dashboard.environment;
  const range = rangeOf(params);
  const dates = range
    ? { start: range.start, end: range.end }
    : params.has('statsPeriod')
      ? { statsPeriod: params.get('statsPeriod') ?? DEFAULT_PERIOD }
      : dashboard.start && dashboard.end
        ? { start: dashboard.start, end: dashboard.end }
        : { statsPeriod: dashboard.period ?? DEFAULT_PERIOD };
  return { project, environment, ...dates };
}

function filterHref(id: string, filters: PageFilters): string {
  return hrefFor('dashboards', [id], {
    project: (filters.project ?? []).length > 0 ? (filters.project ?? []).map(String) : [''],
    environment: (filters.environment ?? []).length > 0 ? (filters.environment ?? []) : [''],
    ...(filters.start && filters.end
      ? { start: filters.start, end: filters.end }
      : { statsPeriod: filters.statsPeriod ?? DEFAULT_PERIOD }),
  });
}

function ProjectFilter({ value, onChange }: { value: number | undefined; onChange: (id?: number) => void }) {
  const projects = useApiQuery('projects.list', {});
  return (
    <select
      aria-label="Project"
      value={value ?? ''}
      onChange={(e) => onChange(e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))}
    >
      <option value="">All projects</option>
      {(projects.data ?? []).map((project) => (
        <option key={project.id} value={project.id}>
          {project.name}
        </option>
      ))}
    </select>
  );
}

export function DashboardPage({ id }: { id: string }) {
  const { params } = useRoute();
  const read = useApiQuery('dashboards.get', { id });
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<WidgetDraft[] | null>(null);
  const [builder, setBuilder] = useState<{ index?: number } | null>(null);
  const save = useApiMutation('dashboards.update', {
    onSuccess: (saved) => {
      setDraft(null);
      queryClient.invalidateQueries({ queryKey: apiKeys.method('dashboards.list') });
      queryClient.setQueryData(apiKeys.call('dashboards.get', { id: saved.id }), saved);
      if (saved.id !== id) navigate(hrefFor('dashboards', [saved.id]), { replace: true });
    },
  });
  const dashboard = read.data;
  if (read.error) return <ErrorNote error={read.error} />;
  if (!dashboard) return <p className="muted">Loading…</p>;
  const filters = filtersOf(params, dashboard);
  const widgets = draft ?? dashboard.widgets.map(draftOf);
  const shown = placed(widgets);
  const change = (next: WidgetDraft[]) => setDraft(next);
  const go = (next: Partial<PageFilters>) => {
    const merged = { ...filters, ...next };
    if (next.statsPeriod) {
      delete merged.start;
      delete merged.end;
    }
    navigate(filterHref(id, merged));
  };
  const body = () => ({
    title: dashboard.title,
    projects: filters.project && filters.project.length > 0 ? filters.project : [],
    environment: filters.environment ?? [],
    ...(filters.start && filters.end
      ? { start: filters.start, end: filters.end, period: null }
      : { period: filters.statsPeriod ?? DEFAULT_PERIOD, start: null, end: null }),
    widgets: shown.map(({ queries, ...widget }) => ({
      ...widget,
      queries: queries.map((q) => q),
    })),
  });
  return (
    <section className="dashboard" data-testid="dashboard" data-dashboard-id={dashboard.id}>
      <p>
        <a href={hrefFor('dashboards')}>← Dashboards</a>
      </p>
      <h1>{dashboard.title}</h1>
      <div className="issues-toolbar">
        <ProjectFilter
          value={filters.project?.[0]}
          onChange={(p) => go({ project: p === undefined ? [] : [p] })}
        />
        <EnvironmentPicker
          projectIds={filters.project ?? []}
          value={filters.environment ?? []}
          onChange={(environment) => go({ environment })}
        />
        <PeriodPicker
          period={periodOf(filters.statsPeriod ?? null, DEFAULT_PERIOD)}
          onPeriod={(statsPeriod) => go({ statsPeriod })}
          range={filters.start && filters.end ? { start: filters.start, end: filters.end } : undefined}
          onRange={(range) => go({ start: range.start, end: range.end, statsPeriod: undefined })}
        />
      </div>
      <div className="dashboard-bar">
        <button type="button" onClick={() => setBuilder({})} disabled={builder !== null}>
          Add Widget
        </button>
        <button
          type="button"
          onClick={() => save.mutate({ id: dashboard.id, body: body() })}
          disabled={save.isPending}
        >
          Save
        </button>
        {draft && (
          <>
            <span className="muted" data-testid="dashboard-unsaved">
              Unsaved changes
            </span>
            <button type="button" onClick={() => setDraft(null)}>
              Discard
            </button>
          </>
        )}
      </div>
      {save.error && <ErrorNote error={save.error} />}
      {builder && (
        <WidgetBuilder
          widget={builder.index === undefined ? undefined : widgets[builder.index]}
          onCancel={() => setBuilder(null)}
          onDone={(widget) => {
            const index = builder.index;
            change(
              index === undefined ? [...widgets, widget] : widgets.map((w, i) => (i === index ? widget : w)),
            );
            setBuilder(null);
          }}
        />
      )}
      {widgets.length === 0 && <p className="muted">No widgets yet: Add Widget.</p>}
      <div className="dashboard-grid">
        {shown.map((widget, index) => (
          <div
            // biome-ignore lint/suspicious/noArrayIndexKey: a new widget has no id until saved.
            key={`${widget.id ?? 'new'}-${index}`}
            style={{
              gridColumn: `${widget.layout.x + 1} / span ${Math.min(6, Math.max(1, widget.layout.w))}`,
              gridRow: `${widget.layout.y + 1} / span ${Math.max(1, widget.layout.h)}`,
            }}
          >
            <WidgetCard
              widget={widget}
              filters={filters}
              onEdit={() => setBuilder({ index })}
              onDuplicate={() => change([...widgets, duplicateOf(widget)])}
              onDelete={() => change(widgets.filter((_, i) => i !== index))}
            />
          </div>
        ))}
      </div>
    </section>
  );
}
