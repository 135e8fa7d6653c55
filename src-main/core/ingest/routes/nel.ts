/**
 * `POST /api/{project_id}/nel/` (Relay's `endpoints/nel.rs`): Network Error Logging reports a
 * browser sends to the `Report-To` endpoint a site names (the key in the URL's query). The body is
 * `application/json` or `application/reports+json` (else 415), at most a container's size; its
 * reports become Sentry logs (../nel.ts) in `log` containers, so they show on the Logs page. As
 * Relay's route: 200, and a rate limit is counted but never answered with 429.
 */
import type http from 'node:http';
import { rejected } from '../errors.ts';
import { nelLogs } from '../nel.ts';
import { handleOtlpExport, mimeOf, type OtlpFormat } from '../otlp/export.ts';
import type { IngestRequest } from '../router.ts';
import type { IngestService } from '../service.ts';
import { logContainers } from './otlp-logs.ts';

function nelFormat(req: http.IncomingMessage): OtlpFormat {
  const mime = mimeOf(req);
  if (mime === 'application/json' || mime === 'application/reports+json') return 'json';
  throw rejected(
    415,
    'unsupported content type: NEL reports are application/reports+json or application/json',
  );
}

export function handleNel(service: IngestService, request: IngestRequest): Promise<void> {
  return handleOtlpExport(service, request, {
    enforceRateLimits: false,
    formatOf: nelFormat,
    route: 'nel',
    expand(body, _format, receivedAt) {
      return { containers: logContainers(nelLogs(body, receivedAt), service.limits.maxContainerSize) };
    },
  });
}
