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
 * Mappings built by merging templates are new objects; for each of their keys this records the value it was
 * taken from, whose origin is where the value was written (worked out only if a diagnostic asks). Values not
 * listed here were written where their parent was.
 */
const MERGED_SOURCES = Symbol("merged sources");

/**
 * Kept on the merged mapping itself, under a symbol and not enumerable: out of Object.keys, for-in, JSON and
 * deep comparisons, so the mapping's data is unchanged; cheaper for the garbage collector than a WeakMap.
 */
function mergedSources(value: object): Map<string, Located> | undefined {
  return (value as { [MERGED_SOURCES]?: Map<string, Located> })[MERGED_SOURCES];
}

export class Located<T = unknown> {
  private pathMemo: YamlPath | undefined;
  private originMemo: Origin | undefined | null = null;

  /**
   * A child knows only its parent and its segment: its path and origin are worked out when a diagnostic
   * asks for them, which keeps descending into the configuration to one small allocation per value.
   */
  private constructor(
    readonly value: T,
    private readonly parent: Located | undefined,
    private readonly segment: Segment | undefined,
    path: YamlPath | undefined,
    origin: Origin | undefined,
  ) {
    this.pathMemo = path;
    if (parent === undefined) this.originMemo = origin;
  }

  static document(file: SourceFile, data: unknown): Located {
    return new Located(data, undefined, undefined, YamlPath.root, Origin.root(file));
  }

  /** A value that was not read from a file as such (a merged definition, a built-in default), with its place. */
  static of<T>(value: T, path: YamlPath, origin: Origin | undefined): Located<T> {
    return new Located(value, undefined, undefined, path, origin);
  }

  /** Records, for a mapping built by merging, the value each of its keys was taken from. */
  static recordMerge(merged: object, sources: Map<string, Located>): void {
    Object.defineProperty(merged, MERGED_SOURCES, { value: sources, enumerable: false });
  }

  /** What the value is for: the path a diagnostic prints. */
  get path(): YamlPath {
    this.pathMemo ??= this.parent!.path.child(this.segment!);
    return this.pathMemo;
  }

  /**
   * Where the value was written: where its merged source was written, or its parent's origin and segment.
   * Worked out with a loop rather than recursion: a value can come through thousands of templates.
   */
  get origin(): Origin | undefined {
    const pending: { located: Located; viaSource: boolean }[] = [];
    let next: Located = this;
    while (next.originMemo === null) {
      const parent = next.parent!;
      const segment = next.segment!;
      const merged = typeof segment === "string" && parent.value !== null && typeof parent.value === "object" ? mergedSources(parent.value) : undefined;
      const source = merged?.get(segment as string);
      pending.push({ located: next, viaSource: source !== undefined });
      next = source ?? parent;
    }
    let origin = next.originMemo;
    for (let i = pending.length - 1; i >= 0; i--) {
      const { located, viaSource } = pending[i];
      origin = viaSource ? origin : origin?.child(located.segment!);
      located.originMemo = origin;
    }
    return origin;
  }

  child(segment: Segment): Located {
    const container = this.value as Record<string | number, unknown>;
    const value = container === null || typeof container !== "object" ? undefined : container[segment];
    return new Located(value, this, segment, undefined, undefined);
  }

  /** The same value under another logical path (a role's effective definition under `roles.<name>`). */
  at(path: YamlPath): Located<T> {
    return Located.of(this.value, path, this.origin);
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

  /** Where a diagnostic about this value points; origin and path are worked out only if one is reported. */
  site(point?: "key" | "value"): Site {
    return new LocatedSite(this, point);
  }

  asMapping(): Located<Mapping> | undefined {
    return isMapping(this.value) ? (this as Located<Mapping>) : undefined;
  }
}

class LocatedSite implements Site {
  constructor(
    private readonly located: Located,
    readonly point: "key" | "value" | undefined,
  ) {}

  get origin(): Origin | undefined {
    return this.located.origin;
  }

  get path(): YamlPath {
    return this.located.path;
  }
}

/**
 * The definition without the keys that failed validation (`broken` entries without `/`), so that builders
 * report what else is wrong without tripping over them. The values keep where they were written.
 */
export function withoutKeys(definition: Located, broken: ReadonlySet<string>): Located<Mapping> {
  const mapping = definition.asMapping()!;
  if (broken.size === 0) return mapping;
  const value: Mapping = {};
  const sources = new Map<string, Located>();
  for (const key of Object.keys(mapping.value)) {
    if (broken.has(key)) continue;
    defineKey(value, key, mapping.value[key]);
    sources.set(key, mapping.child(key));
  }
  Located.recordMerge(value, sources);
  return Located.of(value, mapping.path, mapping.origin);
}

/**
 * The entries of a definition's key (a single value counts as one), leaving out those that failed validation
 * (`broken` entries `<key>/<index>`); each keeps its own index in its path.
 */
export function usableItems(definition: Located<Mapping>, key: string, broken: ReadonlySet<string>): Located[] {
  const value = definition.get(key);
  if (value === undefined) return [];
  if (!Array.isArray(value.value)) return [value];
  return value.items().filter((_, index) => !broken.has(`${key}/${index}`));
}

/** Whether any entry of the key failed validation. */
export function hasBrokenItems(key: string, broken: ReadonlySet<string>): boolean {
  const prefix = `${key}/`;
  for (const entry of broken) if (entry === key || entry.startsWith(prefix)) return true;
  return false;
}
