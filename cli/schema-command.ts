import { EDITOR_SCHEMA } from "../compiler/schema/dialect";
import { parseCommandLine, type CommandIO } from "./io";

/** The JSON Schema editors use (schema/iam-syncr.schema.json is this output, committed). */
export function editorSchemaText(): string {
  return `${JSON.stringify(EDITOR_SCHEMA, null, 2)}\n`;
}

/** `iam-syncr schema`: prints the dialect's JSON Schema for editors. */
export function runSchema(args: string[], io: CommandIO): number {
  parseCommandLine(args, {}, []);
  io.stdout(editorSchemaText());
  return 0;
}
