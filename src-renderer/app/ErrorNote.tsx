import type { FaultlineError } from '../../src-shared/errors.ts';

export function ErrorNote({ error }: { error: FaultlineError | Error }) {
  const type = 'type' in error ? error.type : 'error';
  return (
    <p className="error-note" role="alert">
      <strong>{type}</strong>: {error.message}
    </p>
  );
}
