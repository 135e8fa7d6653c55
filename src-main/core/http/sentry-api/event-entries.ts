/**
 * An event's interfaces as the `entries` of Sentry's `EventSerializer`, each `{type, data}` in the
 * shape its interface's `get_api_context` gives: frames and exceptions in camelCase with source
 * context as `[lineNo, line]` pairs, breadcrumbs under `values`, the request's query and headers as
 * pairs. Faultline stores the event as Relay normalized it (snake_case), so this only renames.
 */
type Json = Record<string, unknown>;

const object = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const valuesOf = (value: unknown): Json[] =>
  list(object(value)?.values ?? value).flatMap((v) => (object(v) ? [v as Json] : []));

/** `[lineNo, line]` pairs around the frame's line, as Sentry's `Frame.get_api_context`. */
function sourceContext(frame: Json): Array<[number, string]> {
  const lineNo = typeof frame.lineno === 'number' ? frame.lineno : undefined;
  if (lineNo === undefined || typeof frame.context_line !== 'string') return [];
  const pre = list(frame.pre_context).map(String);
  const post = list(frame.post_context).map(String);
  return [
    ...pre.map((line, i): [number, string] => [lineNo - pre.length + i, line]),
    [lineNo, frame.context_line],
    ...post.map((line, i): [number, string] => [lineNo + 1 + i, line]),
  ];
}

function frameJson(frame: Json) {
  return {
    filename: frame.filename ?? null,
    absPath: frame.abs_path ?? null,
    module: frame.module ?? null,
    package: frame.package ?? null,
    platform: frame.platform ?? null,
    instructionAddr: frame.instruction_addr ?? null,
    symbolAddr: frame.symbol_addr ?? null,
    function: frame.function ?? null,
    rawFunction: frame.raw_function ?? null,
    symbol: frame.symbol ?? null,
    context: sourceContext(frame),
    lineNo: frame.lineno ?? null,
    colNo: frame.colno ?? null,
    inApp: frame.in_app ?? null,
    trust: frame.trust ?? null,
    errors: null,
    lock: frame.lock ?? null,
    sourceLink: null,
    vars: frame.vars ?? null,
  };
}

function stacktraceJson(value: unknown) {
  const stacktrace = object(value);
  if (!stacktrace) return null;
  const frames = valuesOf(stacktrace.frames).map(frameJson);
  return {
    frames,
    framesOmitted: stacktrace.frames_omitted ?? null,
    registers: stacktrace.registers ?? null,
    hasSystemFrames: frames.some((f) => f.inApp === true) && frames.some((f) => f.inApp !== true),
  };
}

function exceptionEntry(event: Json) {
  const values = valuesOf(event.exception).map((exc) => ({
    type: exc.type ?? null,
    value: exc.value ?? null,
    mechanism: exc.mechanism ?? null,
    threadId: exc.thread_id ?? null,
    module: exc.module ?? null,
    stacktrace: stacktraceJson(exc.stacktrace),
    rawStacktrace: stacktraceJson(exc.raw_stacktrace),
  }));
  if (values.length === 0) return undefined;
  return {
    type: 'exception',
    data: {
      values,
      excOmitted: null,
      hasSystemFrames: values.some((v) => v.stacktrace?.hasSystemFrames === true),
    },
  };
}

function hasParams(params: unknown): boolean {
  if (Array.isArray(params)) return params.length > 0;
  return typeof params === 'object' && params !== null ? Object.keys(params).length > 0 : params != null;
}

function messageEntry(event: Json) {
  const logentry = object(event.logentry);
  const formatted = logentry?.formatted ?? logentry?.message ?? event.message;
  if (typeof formatted !== 'string' || formatted === '') return undefined;
  return {
    type: 'message',
    // Sentry's Message.to_json: only what is there (the template when it differs, params when any).
    data: {
      formatted,
      ...(typeof logentry?.message === 'string' && logentry.message !== '' && logentry.message !== formatted
        ? { message: logentry.message }
        : {}),
      ...(hasParams(logentry?.params) ? { params: logentry?.params } : {}),
    },
  };
}

function threadsEntry(event: Json) {
  const values = valuesOf(event.threads).map((thread) => ({
    id: thread.id ?? null,
    name: thread.name ?? null,
    crashed: thread.crashed ?? false,
    current: thread.current ?? false,
    stacktrace: stacktraceJson(thread.stacktrace),
    rawStacktrace: stacktraceJson(thread.raw_stacktrace),
  }));
  return values.length === 0 ? undefined : { type: 'threads', data: { values } };
}

function stacktraceEntry(event: Json) {
  const stacktrace = stacktraceJson(event.stacktrace);
  return stacktrace ? { type: 'stacktrace', data: stacktrace } : undefined;
}

function breadcrumbsEntry(event: Json) {
  const values = valuesOf(event.breadcrumbs).map((crumb) => ({
    type: crumb.type ?? 'default',
    timestamp:
      typeof crumb.timestamp === 'number'
        ? new Date(crumb.timestamp * 1000).toISOString()
        : (crumb.timestamp ?? null),
    level: crumb.level ?? 'info',
    message: crumb.message ?? null,
    category: crumb.category ?? null,
    data: crumb.data ?? null,
    event_id: crumb.event_id ?? null,
  }));
  return values.length === 0 ? undefined : { type: 'breadcrumbs', data: { values } };
}

function requestEntry(event: Json) {
  const request = object(event.request);
  if (!request) return undefined;
  return {
    type: 'request',
    data: {
      url: request.url ?? null,
      method: request.method ?? null,
      query: request.query_string ?? [],
      fragment: request.fragment ?? null,
      data: request.data ?? null,
      headers: request.headers ?? [],
      cookies: request.cookies ?? [],
      env: request.env ?? null,
      inferredContentType: request.inferred_content_type ?? null,
      apiTarget: request.api_target ?? null,
    },
  };
}

/**
 * The entries in Sentry's order: by its interfaces' display scores, highest first (message 2050,
 * exception 2000, stacktrace, threads 1900, breadcrumbs 1100, request 1000), so a logged
 * exception's message comes before its exception.
 */
export function eventEntries(event: Json): Array<{ type: string; data: unknown }> {
  return [
    messageEntry(event),
    exceptionEntry(event),
    stacktraceEntry(event),
    threadsEntry(event),
    breadcrumbsEntry(event),
    requestEntry(event),
  ].flatMap((entry) => (entry ? [entry] : []));
}
