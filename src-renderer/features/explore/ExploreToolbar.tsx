/**
 * The Explore pages' toolbar, as Sentry's Explore has it beside its charts: Visualize (each chart's
 * function and the attribute it reads — `p95` of `span.duration`, `count` of `message` — added and
 * removed) and Group By (the attributes the aggregates and the charts group by, added and removed).
 * The dataset's attributes come from its page (spans' on Traces, logs' on Logs).
 */
import { CHART_TYPES } from '../../../src-shared/explore-saved-api.ts';
import {
  attributesOf,
  type ExploreAttributes,
  FUNCTIONS,
  splitYAxis,
  type Visualize,
} from './explore-query.ts';

function VisualizeEditor({
  visualize,
  index,
  attributes: offered,
  onChange,
  onRemove,
}: {
  visualize: Visualize;
  attributes: ExploreAttributes;
  index: number;
  onChange: (next: Visualize) => void;
  onRemove?: (() => void) | undefined;
}) {
  const [yAxis = `count(${offered.count})`, ...rest] = visualize.yAxes;
  const { fn, attribute } = splitYAxis(yAxis);
  const attributes = attributesOf(fn, offered);
  const set = (nextFn: string, nextAttribute: string) => {
    const allowed = attributesOf(nextFn, offered);
    const chosen = allowed.includes(nextAttribute) ? nextAttribute : (allowed[0] ?? offered.count);
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
  visualize: charts,
  groupBy,
  attributes,
  onVisualize: setVisualize,
  onGroupBy: setGroupBy,
}: {
  visualize: Visualize[];
  groupBy: string[];
  attributes: ExploreAttributes;
  onVisualize: (visualize: Visualize[]) => void;
  onGroupBy: (groupBy: string[]) => void;
}) {
  const state = { visualize: charts, groupBy };
  const groupable = attributes.string;
  return (
    <aside className="explore-toolbar" aria-label="Explore toolbar">
      <fieldset>
        <legend>Visualize</legend>
        {state.visualize.map((visualize, index) => (
          <VisualizeEditor
            // biome-ignore lint/suspicious/noArrayIndexKey: the charts are the URL's, in its order.
            key={index}
            index={index}
            attributes={attributes}
            visualize={visualize}
            onChange={(next) => setVisualize(state.visualize.map((v, i) => (i === index ? next : v)))}
            onRemove={
              state.visualize.length > 1
                ? () => setVisualize(state.visualize.filter((_, i) => i !== index))
                : undefined
            }
          />
        ))}
        <button
          type="button"
          onClick={() =>
            setVisualize([
              ...state.visualize,
              { chartType: CHART_TYPES.bar, yAxes: [`count(${attributes.count})`] },
            ])
          }
        >
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
              {groupable.includes(key) ? null : <option value={key}>{key}</option>}
              {groupable
                .filter((name) => name === key || !state.groupBy.includes(name))
                .map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
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
          {groupable
            .filter((name) => !state.groupBy.includes(name))
            .map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
        </select>
      </fieldset>
    </aside>
  );
}
