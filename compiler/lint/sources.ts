/**
 * From a value of a built statement back to the YAML that wrote it, so that a lint points at the line of the
 * offending action or principal rather than at the statement. Built values are the written strings, only
 * de-duplicated and sorted (DIALECT.md 5.4), so the string itself is found again; values the compiler
 * generated (the default `sts:AssumeRole`, the key policy's root statement) are not, and the statement is
 * pointed at instead.
 */
import type { Located } from "../located";
import { isMapping } from "../values";

/** The scalar or list item equal to `value` under the first of `keys` that has it (`action`, then `Action`). */
export function writtenUnder(statement: Located, keys: readonly string[], value: string): Located | undefined {
  for (const key of keys) {
    const at = statement.get(key);
    if (at === undefined) continue;
    const found = at.items().find((item) => item.value === value);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The first string equal to `value` anywhere in the statement, in the order written (principals nest). */
export function writtenAnywhere(statement: Located, value: string, depth = 6): Located | undefined {
  if (statement.value === value) return statement;
  if (depth === 0) return undefined;
  if (Array.isArray(statement.value)) {
    for (let index = 0; index < statement.value.length; index++) {
      const found = writtenAnywhere(statement.child(index), value, depth - 1);
      if (found !== undefined) return found;
    }
  } else if (isMapping(statement.value)) {
    for (const key of Object.keys(statement.value)) {
      const found = writtenAnywhere(statement.child(key), value, depth - 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The first of `keys` the statement has, else the statement itself. */
export function firstPresent(statement: Located, keys: readonly string[]): Located {
  for (const key of keys) {
    const at = statement.get(key);
    if (at !== undefined) return at;
  }
  return statement;
}
