/**
 * Statements written in templates are inherited, unchanged, by every role that uses the template (a list is
 * taken over as it is, 3.4), so they expand to the same IAM statement for each of those roles. They are built
 * once per compilation and shared, unless the result depends on the role (`__self__`) or building it reported
 * something: then each role builds its own, so that every role gets its own diagnostics (3.7).
 */
import type { Diagnostics } from "../diagnostics";
import type { Located } from "../located";
import { isMapping, type Mapping } from "../values";
import { SELF } from "./context";

const STATEMENT_KEYS = ["allow_to_assume_me", "disallow_to_assume_me", "permission", "allow_permission", "deny_permission"];

export class SharedStatements {
  private readonly candidates = new Set<object>();
  private readonly built = new Map<object, Map<string, Mapping>>();

  /** Every statement written in one of the templates' definitions. */
  constructor(templateDefinitions: Iterable<Located>) {
    for (const definition of templateDefinitions) {
      if (!isMapping(definition.value)) continue;
      for (const key of STATEMENT_KEYS) {
        const value = definition.value[key];
        for (const item of Array.isArray(value) ? value : [value]) {
          if (isMapping(item) && !mentionsSelf(item)) this.candidates.add(item);
        }
      }
    }
  }

  /**
   * The statement built from `source` for the variant (which list it is in), built with `build` the first time.
   * A statement whose building reported anything is not kept.
   */
  statement(source: Located, variant: string, diagnostics: Diagnostics, build: () => Mapping | undefined): Mapping | undefined {
    const key = source.value as object;
    if (!this.candidates.has(key)) return build();
    const known = this.built.get(key)?.get(variant);
    if (known !== undefined) return known;
    const before = diagnostics.reports;
    const statement = build();
    if (statement !== undefined && diagnostics.reports === before) {
      let variants = this.built.get(key);
      if (variants === undefined) this.built.set(key, (variants = new Map()));
      variants.set(variant, statement);
    }
    return statement;
  }
}

/** Whether `__self__` appears anywhere in a value: then what it expands to depends on the role. */
function mentionsSelf(value: unknown): boolean {
  if (value === SELF) return true;
  if (Array.isArray(value)) return value.some(mentionsSelf);
  if (isMapping(value)) return Object.values(value).some(mentionsSelf);
  return false;
}
