/**
 * A YAML value with where it was written (`origin`) and what it is for (`path`). Every stage reads the
 * configuration through `Located` values, so any diagnostic can point at the right file, line and path,
 * including values that a template contributed to a role (DIALECT.md 3.7).
 */
import type { Site } from "./diagnostics";
import { Origin, YamlPath } from "./source/location";
import type { Segment } from "./source/positions";
import type { SourceFile } from "./source/source-file";
import { defineKey, hasOwn, isMapping, type Mapping } from "./values";

/**
 * Mappings built by merging templates are new objects; for each of their keys this records where the value
 * was written. Values not listed here were written where their parent was.
 */
const mergedOrigins = new WeakMap<object, Map<string, Origin | undefined>>();

export class Located<T = unknown> {
  constructor(
    readonly value: T,
    readonly path: YamlPath,
    readonly origin: Origin | undefined,
  ) {}

  static document(file: SourceFile, data: unknown): Located {
    return new Located(data, YamlPath.root, Origin.root(file));
  }

  /** Records, for a mapping built by merging, where each of its values was written. */
  static recordMerge(merged: object, origins: Map<string, Origin | undefined>): void {
    mergedOrigins.set(merged, origins);
  }

  child(segment: Segment): Located {
    const container = this.value as Record<string | number, unknown>;
    const value = container === null || typeof container !== "object" ? undefined : container[segment];
    const merged = typeof segment === "string" && container !== null && typeof container === "object" ? mergedOrigins.get(container) : undefined;
    const origin = merged?.has(segment as string) ? merged.get(segment as string) : this.origin?.child(segment);
    return new Located(value, this.path.child(segment), origin);
  }

  /** The same value under another logical path (a role's effective definition under `roles.<name>`). */
  at(path: YamlPath): Located<T> {
    return new Located(this.value, path, this.origin);
  }

  /** The entries of a mapping, in order; nothing for other values. */
  entries(): [string, Located][] {
    return isMapping(this.value) ? Object.keys(this.value).map((key) => [key, this.child(key)]) : [];
  }

  /** The items of a list; a single value stands for a one-item list and keeps its path (11.1: "no index"). */
  items(): Located[] {
    return Array.isArray(this.value) ? this.value.map((_, index) => this.child(index)) : [this as Located];
  }

  /** The value of a key that counts as present: null and absent are the same (3.5). */
  get(key: string): Located | undefined {
    if (!isMapping(this.value) || !hasOwn(this.value, key)) return undefined;
    const child = this.child(key);
    return child.value === null ? undefined : child;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  site(point?: "key" | "value"): Site {
    return { origin: this.origin, path: this.path, point };
  }

  asMapping(): Located<Mapping> | undefined {
    return isMapping(this.value) ? (this as Located<Mapping>) : undefined;
  }
}

/**
 * The definition without the keys that failed validation, so that builders report what else is wrong
 * without tripping over them. The values keep where they were written.
 */
export function withoutKeys(definition: Located, keys: ReadonlySet<string>): Located<Mapping> {
  const mapping = definition.asMapping()!;
  if (keys.size === 0) return mapping;
  const value: Mapping = {};
  const origins = new Map<string, Origin | undefined>();
  for (const key of Object.keys(mapping.value)) {
    if (keys.has(key)) continue;
    defineKey(value, key, mapping.value[key]);
    origins.set(key, mapping.child(key).origin);
  }
  Located.recordMerge(value, origins);
  return new Located(value, mapping.path, mapping.origin);
}
