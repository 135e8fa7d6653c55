/** A labelled project picker whose empty choice says what no choice means. */
import { useApiQuery } from '../../api/hooks.ts';

export function ProjectSelect({
  label,
  value,
  onChange,
  emptyLabel,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  emptyLabel: string;
}) {
  const projects = useApiQuery('projects.list', {});
  return (
    <label className="export-field">
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{emptyLabel}</option>
        {projects.data?.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({p.slug})
          </option>
        ))}
      </select>
    </label>
  );
}
