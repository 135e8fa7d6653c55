/** The project picker of the pages that show one project at a time (issues, feedback, logs, crons). */
import { useApiQuery } from '../api/hooks.ts';

export function ProjectPicker({ value, onChange }: { value: number; onChange: (projectId: number) => void }) {
  const projects = useApiQuery('projects.list', {});
  return (
    <select
      aria-label="Project"
      value={value}
      onChange={(event) => onChange(Number(event.currentTarget.value))}
    >
      {(projects.data ?? []).map((project) => (
        <option key={project.id} value={project.id}>
          {project.name}
        </option>
      ))}
    </select>
  );
}
