// Grouping variants (Sentry's `grouping/variants.py` and `get_grouping_variants_for_event`):
// checksum, component variants per strategy tree, fingerprint variants and the fallback.
import type { ComponentJson, GroupingComponent } from './component.ts';
import type { FingerprintInfo } from './fingerprinting/server-fingerprinting.ts';
import { isDefaultFingerprintVariable } from './fingerprinting/variables.ts';
import { hashFromValues } from './hash.ts';

export type VariantType =
  | 'checksum'
  | 'hashed_checksum'
  | 'component'
  | 'salted_component'
  | 'custom_fingerprint'
  | 'built_in_fingerprint'
  | 'fallback';

export interface GroupingVariantInfo {
  type: VariantType;
  hash: string | null;
  contributes: boolean;
  hint: string | null;
  description: string;
  /** The component tree (component variants only). */
  component: ComponentJson | null;
  /** Id of the strategy component that decided the hash (`contributing component`). */
  contributingComponent: string | null;
  /** Fingerprint values (fingerprint and salted variants). */
  values?: string[];
  checksum?: string;
  fingerprintInfo?: FingerprintInfo;
}

const DESCRIPTIONS: Record<string, string> = {
  app: 'in-app',
  system: 'system',
  default: 'default',
};

function contributingComponentOf(root: GroupingComponent): string | null {
  return root.children.find((c) => c.contributes)?.id ?? null;
}

/** `tree`: with the component tree as JSON (what Grouping info shows; the pipeline needs only the hash). */
export function componentVariant(name: string, root: GroupingComponent, tree = true): GroupingVariantInfo {
  const hash = root.getHash();
  return {
    type: 'component',
    hash,
    contributes: root.contributes && hash !== null,
    hint: root.hint,
    description: DESCRIPTIONS[name] ?? name,
    component: tree ? root.toJson() : null,
    contributingComponent: contributingComponentOf(root),
  };
}

/** Hybrid fingerprints: `{{ default }}` is replaced in place by the component's leaf values. */
export function saltedComponentVariant(
  name: string,
  root: GroupingComponent,
  fingerprint: string[],
  info: FingerprintInfo,
  tree = true,
): GroupingVariantInfo {
  let hash: string | null = null;
  if (root.contributes) {
    const values: Array<string | number> = [];
    for (const value of fingerprint) {
      if (isDefaultFingerprintVariable(value)) values.push(...root.iterValues());
      else values.push(value);
    }
    hash = hashFromValues(values);
  }
  return {
    ...componentVariant(name, root, tree),
    type: 'salted_component',
    hash,
    contributes: hash !== null,
    values: fingerprint,
    fingerprintInfo: info,
  };
}

export function fingerprintVariant(
  type: 'custom_fingerprint' | 'built_in_fingerprint',
  values: string[],
  info: FingerprintInfo,
  description: string,
): GroupingVariantInfo {
  return {
    type,
    hash: hashFromValues(values),
    contributes: true,
    hint: null,
    description,
    component: null,
    contributingComponent: null,
    values,
    fingerprintInfo: info,
  };
}

export function checksumVariant(checksum: string, hashed: boolean): GroupingVariantInfo {
  return {
    type: hashed ? 'hashed_checksum' : 'checksum',
    hash: hashed ? hashFromValues([checksum]) : checksum,
    contributes: true,
    hint: null,
    description: hashed ? 'hashed legacy checksum' : 'legacy checksum',
    component: null,
    contributingComponent: null,
    checksum,
  };
}

export function fallbackVariant(): GroupingVariantInfo {
  return {
    type: 'fallback',
    hash: hashFromValues([]),
    contributes: true,
    hint: null,
    description: 'fallback',
    component: null,
    contributingComponent: null,
  };
}
