import { EDITOR_SCHEMA } from "../compiler/schema/dialect";

/** The JSON Schema editors use, as `iam-syncr schema` prints it (and schema/iam-syncr.schema.json holds it). */
export function editorSchemaText(): string {
  return `${JSON.stringify(EDITOR_SCHEMA, null, 2)}\n`;
}
