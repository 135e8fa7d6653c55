/** The stored event as JSON, to read, copy or download. */
import { useState } from 'react';

/** The element the header's "JSON" link opens. */
export const RAW_JSON_ID = 'raw-json';

export function RawJson({ event, eventId }: { event: unknown; eventId: string }) {
  const [copied, setCopied] = useState(false);
  const text = JSON.stringify(event, null, 2);
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${eventId}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <details className="card raw-json" id={RAW_JSON_ID}>
      <summary>Raw JSON</summary>
      <button type="button" onClick={() => navigator.clipboard.writeText(text).then(() => setCopied(true))}>
        {copied ? 'Copied' : 'Copy'}
      </button>{' '}
      <button type="button" onClick={download}>
        Download
      </button>
      <pre>{text}</pre>
    </details>
  );
}
