/**
 * The pipeline bench's realistic events: variations of three SDK captures (the corpus's when it is
 * there, else the project's own copies), shared by pipeline.ts and _prepare-profile.ts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const CORPUS = path.resolve(import.meta.dirname, '../../shared/corpus/envelopes');
const LOCAL = path.resolve(import.meta.dirname, '../resources/sample-envelopes');
const source = fs.existsSync(CORPUS) ? CORPUS : LOCAL;
/** The captures, read on first use (query.ts takes only the function names from here). */
let templates: string[] | undefined;
function captures(): string[] {
  templates ??= [
    'node-v11-event-exception.envelope',
    'node-v11-event-message.envelope',
    'browser-v11-event-exception.envelope',
  ]
    .map((name) => path.join(source, name))
    .filter((file) => fs.existsSync(file))
    .map((file) => fs.readFileSync(file, 'utf8'));
  if (templates.length === 0) {
    console.error(`pipeline bench: no sample envelopes in ${source}`);
    process.exit(1);
  }
  return templates;
}

/** An app's function names: the innermost in-app frame of the bench's events. */
export const FUNCTIONS = [
  'loadUser',
  'renderCart',
  'parseConfig',
  'syncQueue',
  'fetchOrders',
  'saveDraft',
  'resizeImage',
  'sendMail',
];

/**
 * A realistic variation of a captured envelope: new id, a message with numbers in it (which
 * grouping parameterizes away), one of eight functions in the innermost in-app frame (eight issues
 * per template), and a user out of 500. With `everyEventNew` the message is also written into the
 * source lines of the stack, which grouping reads: every event then opens an issue of its own
 * (the worst case, not a real workload).
 */
export function variant(index: number, everyEventNew = false): Buffer {
  const all = captures();
  const template = all[index % all.length] ?? '';
  const eventId = crypto.randomBytes(16).toString('hex');
  const fn = FUNCTIONS[index % FUNCTIONS.length] ?? 'main';
  const message = `Failure ${index % 97} in ${fn} after ${index} ms`;
  const text = (
    everyEventNew
      ? template.replace(/Research (exception|message)|Browser exception/g, message)
      : template.replace(
          /"(value|message)":"(?:Research (?:exception|message)|Browser exception)"/g,
          (_m, key: string) => `"${key}":"${message}"`,
        )
  )
    .replace(/"event_id":"[0-9a-f]{32}"/g, `"event_id":"${eventId}"`)
    .replace(/"user":\{/, `"user":{"id":"user-${index % 500}",`)
    // The innermost in-app frame's function (key order differs between SDKs).
    .replace(
      /("function":")[^"]*("(?:,"lineno":\d+,"colno":\d+)?,"in_app":true)(?![\s\S]*"in_app":true)/,
      `$1${fn}$2`,
    );
  return Buffer.from(text);
}
