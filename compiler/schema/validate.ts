/**
 * Validation with ajv against the dialect's JSON Schema, and the translation of ajv's errors into the
 * compiler's diagnostics: one message per problem, phrased from the schema's annotations, pointing at the
 * value (or, for an unknown key, at the key) where it was written.
 */
import type { ErrorObject } from "ajv";
import type { Diagnostics } from "../diagnostics";
import type { Located } from "../located";
import { Messages, type MessageDefinition } from "../messages";
import { suggestion } from "../suggest";
import { describeValue, quote } from "../values";
import type { SchemaValidator } from "./validator-inputs";
import { getValidators } from "./validators";

export { ANNOTATIONS } from "./validator-inputs";

type SchemaNode = Record<string, unknown>;

/**
 * What failed validation, as `/`-joined paths, so that later stages leave it out instead of reporting what
 * follows from it: `roles/web` when an item is unusable as a whole (not a mapping), `roles/web/tags` when
 * one of its keys is (a wrong value, or a key that does not exist), and `roles/web/allow_permission/2` when
 * one entry of a list whose entries are checked one by one is (see ITEMIZED).
 */
export type Broken = ReadonlySet<string>;

/** Keys whose list entries stand alone: a bad statement, grant or policy ARN does not hide the others' errors. */
const ITEMIZED = new Set([
  "allow_to_assume_me",
  "disallow_to_assume_me",
  "permission",
  "allow_permission",
  "deny_permission",
  "managed_policies",
  "grant",
]);

/** Validates a whole file. */
export function validateFile(document: Located, diagnostics: Diagnostics): Broken {
  return run(getValidators().file, document, diagnostics, 2);
}

/** Validates a whole file of `<root>/_shared` (DIALECT.md §14). */
export function validateSharedFile(document: Located, diagnostics: Diagnostics): Broken {
  return run(getValidators().sharedFile, document, diagnostics, 2);
}

/** Validates a role's definition once its templates are merged (3.1); returns the role keys that failed. */
export function validateRoleValues(role: Located, diagnostics: Diagnostics): Broken {
  return run(getValidators().roleValues, role, diagnostics, 0);
}

/** Validates the settings file of a stacks root (iam-syncr.yaml); returns the top-level keys that failed. */
export function validateSettings(document: Located, diagnostics: Diagnostics): Broken {
  return run(getValidators().settings, document, diagnostics, 1);
}

function brokenPath(data: unknown, segments: string[], itemDepth: number): string[] {
  const key = segments[itemDepth];
  if (key === undefined || !ITEMIZED.has(key) || segments.length <= itemDepth + 1) return segments.slice(0, itemDepth + 1);
  let value = data;
  for (const segment of segments.slice(0, itemDepth + 1)) value = (value as Record<string, unknown>)?.[segment];
  return Array.isArray(value) ? segments.slice(0, itemDepth + 2) : segments.slice(0, itemDepth + 1);
}

/** The keys of `item` (its path in `broken`, e.g. `roles/web`) that failed. */
export function brokenKeysOf(broken: Broken, item: string): Set<string> {
  const prefix = `${item}/`;
  return new Set([...broken].filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length)));
}

/** `itemDepth`: how many segments name an item (2 in a file: `roles/web`; 0 for a role's own keys). */
function run(validate: SchemaValidator, root: Located, diagnostics: Diagnostics, itemDepth: number): Broken {
  const broken = new Set<string>();
  if (validate(root.value)) return broken;
  for (const error of relevant(validate.errors ?? [])) {
    const segments = pointerSegments(error.instancePath);
    if (error.keyword === "additionalProperties") segments.push(String((error.params as Record<string, unknown>).additionalProperty));
    // A missing required key does not make the rest of an item unusable.
    if (error.keyword !== "required" || segments.length > itemDepth) broken.add(brokenPath(root.value, segments, itemDepth).join("/"));
    report(root, error, diagnostics);
  }
  return broken;
}

/**
 * ajv reports a failed `propertyNames` twice (the inner keyword and a summary), and a value of the wrong
 * type once per schema that constrains its type; keep one error per problem.
 */
function relevant(errors: ErrorObject[]): ErrorObject[] {
  const seenTypeErrors = new Set<string>();
  return errors.filter((error) => {
    if (error.keyword === "propertyNames") return false;
    if (error.keyword === "type") {
      if (seenTypeErrors.has(error.instancePath)) return false;
      seenTypeErrors.add(error.instancePath);
    }
    return true;
  });
}

function report(root: Located, error: ErrorObject, diagnostics: Diagnostics): void {
  let target = root;
  for (const segment of pointerSegments(error.instancePath)) {
    target = target.child(Array.isArray(target.value) ? Number(segment) : segment);
  }
  const schema = (error.parentSchema ?? {}) as SchemaNode;
  const data = error.data;
  const params = error.params as Record<string, unknown>;
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;

  if (propertyName !== undefined) {
    const key = target.child(propertyName);
    diagnostics.report(Messages.tagKeyInvalid, { key: propertyName, problem: keyProblem(error) }, key.site("key"));
    return;
  }

  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const known = Object.keys((schema.properties as SchemaNode | undefined) ?? {});
      const hint = suggestion(key, known);
      const at = target.child(key).site("key");
      const statement = schema["x-statement"];
      if (typeof statement === "string") diagnostics.report(Messages.unknownStatementKey, { key, kind: statement, suggestion: hint }, at);
      else diagnostics.report(Messages.unknownKey, { key, suggestion: hint }, at);
      return;
    }
    case "required": {
      const key = String(params.missingProperty);
      const named = ((schema["x-missing"] as Record<string, string> | undefined) ?? {})[key];
      if (named !== undefined) diagnostics.report(catalog(named), {} as never, target.site());
      else diagnostics.report(Messages.missingKey, { key, hint: "" }, target.site());
      return;
    }
    case "maxProperties": {
      const count = Object.keys((data as object) ?? {}).length;
      // The schema in errors may be a copy (the generated validators embed their own), so it is known by its place.
      if (error.schemaPath.endsWith("/properties/constraints/maxProperties")) {
        // The kind written second is the one to reconsider.
        diagnostics.report(Messages.grantConstraintKinds, {}, target.child(Object.keys(data as object)[1]).site("key"));
      } else if (error.schemaPath.endsWith("/properties/tags/maxProperties")) diagnostics.report(Messages.tooManyTags, { count }, target.site());
      else diagnostics.report(Messages.outOfRange, { expected: expectedOf(schema, error), found: `${count} entries` }, target.site());
      return;
    }
  }

  const named = schema["x-message"];
  if (typeof named === "string") {
    const segments = target.path.segments();
    const last = String(segments[segments.length - 1] ?? "");
    const args = { found: describeValue(data), key: last, name: last, expected: expectedOf(schema, error) };
    diagnostics.report(catalog(named), args as never, target.site());
    return;
  }
  const found =
    error.keyword === "maxLength" || error.keyword === "minLength" ? `${String(data).length.toLocaleString("en-US")} characters` : describeValue(data);
  const definition = error.keyword === "type" ? Messages.wrongType : Messages.outOfRange;
  diagnostics.report(definition, { expected: expectedOf(schema, error), found }, target.site());
}

function keyProblem(error: ErrorObject): string {
  switch (error.keyword) {
    case "minLength":
      return "must not be empty";
    case "maxLength":
      return `is ${String(error.data).length} characters, more than ${String((error.params as { limit: number }).limit)}`;
    case "pattern":
      return 'must not start with "aws:" (reserved by AWS)';
    default:
      return error.message ?? "is not valid";
  }
}

function expectedOf(schema: SchemaNode, error: ErrorObject): string {
  const expected = schema["x-expected"];
  if (typeof expected === "string") return expected;
  if (error.keyword === "enum") return (schema.enum as unknown[]).map((v) => quote(v)).join(" or ");
  if (error.keyword === "type") return describeTypes(schema.type);
  return error.message ?? "a valid value";
}

function describeTypes(type: unknown): string {
  const names: Record<string, string> = {
    string: "a string",
    object: "a mapping",
    array: "a list",
    integer: "a whole number",
    number: "a number",
    boolean: "true or false",
    null: "null",
  };
  const types = (Array.isArray(type) ? type : [type]).filter((t) => t !== "null").map((t) => names[String(t)] ?? String(t));
  return types.length <= 1 ? (types[0] ?? "a value") : `${types.slice(0, -1).join(", ")} or ${types[types.length - 1]}`;
}

function catalog(name: string): MessageDefinition {
  const definition = (Messages as Record<string, MessageDefinition>)[name];
  if (definition === undefined) throw new Error(`schema names an unknown message "${name}"`);
  return definition;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}
