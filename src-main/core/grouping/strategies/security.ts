// Security-report strategies (`csp:v1`, `hpkp:v1`, `expect-ct:v1`, `expect-staple:v1`): a static
// salt plus the violation or the blocked host. The report's message is ignored.
import { GroupingComponent } from '../component.ts';
import { getObject, getString, type JsonObject } from '../event-data.ts';
import type { ComponentsByVariant, GroupingContext } from './context.ts';

const LOCAL = "'self'";

/** `Csp._normalize_uri`: the host for http(s) URIs, `'self'` for empty or self, else `scheme:`. */
export function normalizeCspUri(value: string): string {
  if (value === '' || value === LOCAL || value === 'self') return LOCAL;
  if (!value.includes(':')) return `${value}:`;
  const scheme = value.slice(0, value.indexOf(':')).toLowerCase();
  const rest = value.slice(value.indexOf(':') + 1);
  const host = rest.startsWith('//') ? (rest.slice(2).split(/[/?#]/)[0] ?? '') : '';
  if (scheme === 'http' || scheme === 'https') return host;
  return host ? `${scheme}://${host}` : `${scheme}:`;
}

function localScriptViolationType(csp: JsonObject): string | null {
  const violated = getString(csp, 'violated_directive');
  if (
    violated &&
    getString(csp, 'effective_directive') === 'script-src' &&
    normalizeCspUri(getString(csp, 'blocked_uri') ?? '') === LOCAL
  ) {
    if (violated.includes("'unsafe-inline'")) return 'unsafe-inline';
    if (violated.includes("'unsafe-eval'")) return 'unsafe-eval';
  }
  return null;
}

function cspComponent(csp: JsonObject): GroupingComponent {
  const uri = normalizeCspUri(getString(csp, 'blocked_uri') ?? '');
  const violationType = localScriptViolationType(csp);
  const violation = new GroupingComponent('violation');
  const uriComponent = new GroupingComponent('uri', [uri]);
  if (violationType) {
    violation.update({ values: [`'${violationType}'`] });
    uriComponent.update({ contributes: false, hint: 'ignored because violation takes precedence' });
  } else {
    violation.update({ contributes: false, hint: "ignored because it's not a local script violation" });
  }
  const directive = getString(csp, 'effective_directive');
  const salt = new GroupingComponent('salt', directive !== null ? [directive] : [], {
    hint: 'a static salt',
  });
  return new GroupingComponent('csp', [salt, violation, uriComponent]);
}

function hostnameReport(id: string, report: JsonObject): GroupingComponent {
  const hostname = getString(report, 'hostname');
  return new GroupingComponent(id, [
    new GroupingComponent('salt', [id], { hint: 'a static salt' }),
    new GroupingComponent('hostname', hostname !== null ? [hostname] : []),
  ]);
}

export type SecurityStrategy = 'csp' | 'hpkp' | 'expect-ct' | 'expect-staple';

const INTERFACE_KEYS: Record<SecurityStrategy, string> = {
  csp: 'csp',
  hpkp: 'hpkp',
  'expect-ct': 'expectct',
  'expect-staple': 'expectstaple',
};

export function securityVariants(strategy: SecurityStrategy, ctx: GroupingContext): ComponentsByVariant {
  const report = getObject(ctx.event, INTERFACE_KEYS[strategy]);
  if (!report) return {};
  return { default: strategy === 'csp' ? cspComponent(report) : hostnameReport(strategy, report) };
}
