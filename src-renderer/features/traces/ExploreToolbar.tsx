/**
 * The Traces page's toolbar, as Sentry's Explore has it beside its charts: Visualize (each chart's
 * function and the attribute it reads — `p95` of `span.duration` — added and removed) and Group By
 * (the attributes the Aggregates and the charts group by, added and removed).
 */
import {
  DEFAULT_VISUALIZE,
  type ExploreState,
  FUNCTIONS,
  NUMERIC_ATTRIBUTES,
  STRING_ATTRIBUTES,
  splitYAxis,
  type Visualize,
} from './explore-url.ts';

/** `count` reads no attribute of its own (Sentry's `count(span.duration)`); `count_unique` a string one. */
function attributesOf(fn: string): readonly string[] {
  if (fn === 'count') return ['span.duration'];
  return fn === 'count_unique' ? STRING_ATTRIBUTES : NUMERIC_ATTRIBUTES;
}

function VisualizeEditor({
  visualize,
  index,
  onChange,
  onRemove,
}: {
  visualize: Visualize;
  index: number;
  onChange: (next: Visualize) => void;
  onRemove?: (() => void) | undefined;
}) {
  const [yAxis = 'count(span.duration)', ...rest] = visualize.yAxes;
  const { fn, attribute } = splitYAxis(yAxis);
  const attributes = attributesOf(fn);
  const set = (nextFn: string, nextAttribute: string) => {
    const allowed = attributesOf(nextFn);
    const chosen = allowed.includes(nextAttribute) ? nextAttribute : (allowed[0] ?? 'span.duration');
    onChange({ ...visualize, yAxes: [`${nextFn}(${chosen})`, ...rest] });
  };
  return (
    <div className="explore-visualize" data-testid="explore-visualize">
      <select
        aria-label={`Function of chart ${index + 1}`}
        value={fn}
        onChange={(event) => set(event.currentTarget.value, attribute)}
      >
        {(FUNCTIONS as readonly string[]).includes(fn) ? null : <option value={fn}>{fn}</option>}
        {FUNCTIONS.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <select
        aria-label={`Attribute of chart ${index + 1}`}
        value={attribute}
        onChange={(event) => set(fn, event.currentTarget.value)}
      >
        {attributes.includes(attribute) ? null : <option value={attribute}>{attribute}</option>}
        {attributes.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      {onRemove && (
        <button type="button" aria-label={`Remove chart ${index + 1}`} onClick={onRemove}>
          ×
        </button>
      )}
    </div>
  );
}

export function ExploreToolbar({
  state,
  go,
}: {
  state: ExploreState;
  go: (change: Partial<ExploreState>) => void;
}) {
  const setVisualize = (visualize: Visualize[]) => go({ visualize, aggregateSort: undefined });
  const setGroupBy = (groupBy: string[]) => go({ groupBy, aggregateSort: undefined });
  return (
    <aside className="explore-toolbar" aria-label="Explore toolbar">
      <fieldset>
        <legend>Visualize</legend>
        {state.visualize.map((visualize, index) => (
          <VisualizeEditor
            // biome-ignore lint/suspicious/noArrayIndexKey: the charts are the URL's, in its order.
            key={index}
            index={index}
            visualize={visualize}
            onChange={(next) => setVisualize(state.visualize.map((v, i) => (i === index ? next : v)))}
            onRemove={
              state.visualize.length > 1
                ? () => setVisualize(state.visualize.filter((_, i) => i !== index))
                : undefined
            }
          />
        ))}
        <button type="button" onClick={() => setVisualize([...state.visualize, DEFAULT_VISUALIZE])}>
          Add chart
        </button>
      </fieldset>
      <fieldset>
        <legend>Group By</legend>
        {state.groupBy.map((key, index) => (
          <div key={key} className="explore-group-by">
            <select
              aria-label={`Group by ${index + 1}`}
              value={key}
              onChange={(event) =>
                setGroupBy(state.groupBy.map((g, i) => (i === index ? event.currentTarget.value : g)))
              }
            >
              {(STRING_ATTRIBUTES as readonly string[]).includes(key) ? null : (
                <option value={key}>{key}</option>
              )}
              {STRING_ATTRIBUTES.filter((name) => name === key || !state.groupBy.includes(name)).map(
                (name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ),
              )}
            </select>
            <button
              type="button"
              aria-label={`Remove group by ${key}`}
              onClick={() => setGroupBy(state.groupBy.filter((g) => g !== key))}
            >
              ×
            </button>
          </div>
        ))}
        <select
          aria-label="Add a group by"
          value=""
          onChange={(event) =>
            event.currentTarget.value && setGroupBy([...state.groupBy, event.currentTarget.value])
          }
        >
          <option value="">+ Group by…</option>
          {STRING_ATTRIBUTES.filter((name) => !state.groupBy.includes(name)).map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </fieldset>
    </aside>
  );
}
