// The grouping component tree (Sentry's `grouping/component.py`). A component contributes to the
// hash only if it and all its ancestors contribute; the hash is md5 of the contributing leaf values
// in tree order (`hash_from_values`).
import { hashFromValues } from './hash.ts';

export type ComponentValue = GroupingComponent | string | number;

export interface ComponentJson {
  id: string;
  name: string | null;
  contributes: boolean;
  hint: string | null;
  values: Array<ComponentJson | string | number>;
}

export class GroupingComponent {
  id: string;
  name: string | null;
  contributes: boolean;
  hint: string | null;
  values: ComponentValue[];

  constructor(
    id: string,
    values: ComponentValue[] = [],
    opts: { contributes?: boolean; hint?: string | null; name?: string | null } = {},
  ) {
    this.id = id;
    this.name = opts.name ?? null;
    this.values = values;
    this.hint = opts.hint ?? null;
    this.contributes = opts.contributes ?? GroupingComponent.defaultContributes(values);
  }

  /** A leaf contributes when it has values; a node when any child does. */
  static defaultContributes(values: ComponentValue[]): boolean {
    if (values.length === 0) return false;
    return values.some((v) => !(v instanceof GroupingComponent) || v.contributes);
  }

  /** Set by `seal`: the component is shared and never changes again. */
  #sealed = false;
  /** A sealed component's JSON, made once. */
  #json: ComponentJson | undefined;

  /**
   * Marks the component as shared between trees (the children of a remembered frame, frame.ts):
   * `update` refuses to change it from now on, and its JSON, which cannot change either, is made
   * once (frozen, as every tree that holds the component shares it).
   */
  seal(): this {
    this.#sealed = true;
    return this;
  }

  update(opts: { contributes?: boolean; hint?: string | null; values?: ComponentValue[] }): this {
    if (this.#sealed) throw new TypeError(`the ${this.id} component is shared and cannot be changed`);
    if (opts.values !== undefined) {
      this.values = opts.values;
      if (opts.contributes === undefined)
        this.contributes = GroupingComponent.defaultContributes(opts.values);
    }
    if (opts.contributes !== undefined) this.contributes = opts.contributes;
    if (opts.hint !== undefined) this.hint = opts.hint;
    return this;
  }

  get children(): GroupingComponent[] {
    return this.values.filter((v): v is GroupingComponent => v instanceof GroupingComponent);
  }

  /** Contributing leaf values in tree order (`iter_values`). */
  *iterValues(): Generator<string | number> {
    yield* this.contributingValues();
  }

  /** `iterValues` collected into one array, without a generator per node (the hot path of hashing). */
  contributingValues(out: Array<string | number> = []): Array<string | number> {
    if (!this.contributes) return out;
    for (const value of this.values) {
      if (value instanceof GroupingComponent) value.contributingValues(out);
      else out.push(value);
    }
    return out;
  }

  /** Depth-first search for sub-components with the given id. */
  *iterSubcomponents(id: string): Generator<GroupingComponent> {
    for (const child of this.children) {
      if (child.id === id) yield child;
      yield* child.iterSubcomponents(id);
    }
  }

  getHash(): string | null {
    const text = this.hashText();
    return text === null ? null : hashFromValues([text]);
  }

  /**
   * What `getHash` digests (the contributing values' text), null when it gives no hash: two
   * components hash alike exactly when these are equal, which compares without hashing.
   */
  hashText(): string | null {
    if (!this.contributes) return null;
    const values = this.contributingValues();
    return values.length > 0 ? values.join('') : null;
  }

  /** A copy of this node over the same children: for a caller that updates this node only. */
  copyNode(): GroupingComponent {
    return new GroupingComponent(this.id, this.values.slice(), {
      contributes: this.contributes,
      hint: this.hint,
      name: this.name,
    });
  }

  toJson(): ComponentJson {
    if (this.#json) return this.#json;
    const json: ComponentJson = {
      id: this.id,
      name: this.name,
      contributes: this.contributes,
      hint: this.hint,
      values: this.valuesJson(),
    };
    if (this.#sealed) {
      Object.freeze(json.values);
      this.#json = Object.freeze(json);
    }
    return json;
  }

  /** A loop rather than `map` with a closure: this runs for every node of every variant. */
  private valuesJson(): Array<ComponentJson | string | number> {
    const out: Array<ComponentJson | string | number> = [];
    for (const v of this.values) out.push(v instanceof GroupingComponent ? v.toJson() : v);
    return out;
  }
}
