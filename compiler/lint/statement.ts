/** Reading the elements of a built statement, whatever shape a pass-through value had. */
import { isMapping, listify, type Mapping } from "../values";

/** The strings of an element: a string, or the strings of a list (normalised elements are exactly these). */
export function stringsOf(value: unknown): string[] {
  return value === undefined ? [] : listify(value).filter((v): v is string => typeof v === "string");
}

/** Whether the statement has a Condition that constrains anything. */
export function hasCondition(statement: Mapping): boolean {
  const condition = statement.Condition;
  if (condition === undefined || condition === null) return false;
  return !isMapping(condition) || Object.keys(condition).length > 0;
}

/** The condition keys of a statement (`Condition: {Operator: {key: value}}`), as written. */
export function conditionKeys(statement: Mapping): string[] {
  const condition = statement.Condition;
  if (!isMapping(condition)) return [];
  return Object.values(condition).flatMap((block) => (isMapping(block) ? Object.keys(block) : []));
}
