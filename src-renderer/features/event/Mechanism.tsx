/**
 * An exception's mechanism as Sentry shows it: pills for the mechanism type (its description in a
 * tooltip, its help link beside it), handled true/false, errno, Mach exception, signal, and each
 * scalar entry of its `data`.
 */
import { isHttpUrl } from '../../app/links.ts';
import { type Json, obj, str } from './data.ts';

type Pill = { name: string; value: string; tone?: 'positive' | 'negative' };

function pillsOf(mechanism: Json): Pill[] {
  const pills: Pill[] = [{ name: 'mechanism', value: str(mechanism.type) || 'unknown' }];
  if (typeof mechanism.handled === 'boolean')
    pills.push({
      name: 'handled',
      value: String(mechanism.handled),
      tone: mechanism.handled ? 'positive' : 'negative',
    });
  const meta = obj(mechanism.meta) ?? {};
  const errno = obj(meta.errno);
  const errnoValue = errno && (str(errno.name) || str(errno.number));
  if (errnoValue) pills.push({ name: 'errno', value: errnoValue });
  const mach = obj(meta.mach_exception);
  const machValue = mach && (str(mach.name) || str(mach.exception));
  if (machValue) pills.push({ name: 'mach exception', value: machValue });
  const signal = obj(meta.signal);
  if (signal) {
    const name = str(signal.name) || str(signal.number) || '';
    const code = str(signal.code_name) || `code ${str(signal.code)}`;
    pills.push({ name: 'signal', value: signal.code === undefined ? name : `${name} (${code})` });
  }
  for (const [key, value] of Object.entries(obj(mechanism.data) ?? {}))
    if (value === null || typeof value !== 'object') pills.push({ name: key, value: String(value) });
  return pills;
}

export function Mechanism({ mechanism }: { mechanism: Json }) {
  const description = str(mechanism.description);
  const helpLink = str(mechanism.help_link);
  return (
    <ul className="pills" aria-label="Mechanism" data-testid="mechanism">
      {pillsOf(mechanism).map((pill, index) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: data keys may repeat a fixed pill's name
          key={index}
          className={`pill${pill.tone ? ` pill-${pill.tone}` : ''}`}
          title={index === 0 ? description : undefined}
        >
          <span className="pill-name">
            {pill.name}
            {index === 0 && isHttpUrl(helpLink) && (
              <a href={helpLink} target="_blank" rel="noreferrer" title="help">
                {' '}
                ↗
              </a>
            )}
          </span>
          <span className="pill-value">{pill.value}</span>
        </li>
      ))}
    </ul>
  );
}
