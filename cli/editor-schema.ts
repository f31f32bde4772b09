import { EDITOR_SCHEMA, EDITOR_SHARED_SCHEMA } from "../compiler/schema/dialect";

/**
 * The JSON Schema editors use, as `iam-syncr schema` prints it: for the files of an account folder, or with
 * `shared` for the files of `<root>/_shared` (DIALECT.md §14), which select accounts.
 * schema/iam-syncr.schema.json and schema/iam-syncr-shared.schema.json are these outputs, committed.
 */
export function editorSchemaText(shared = false): string {
  return `${JSON.stringify(shared ? EDITOR_SHARED_SCHEMA : EDITOR_SCHEMA, null, 2)}\n`;
}
