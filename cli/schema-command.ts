import { EDITOR_SCHEMA, EDITOR_SHARED_SCHEMA } from "../compiler/schema/dialect";
import { parseCommandLine, type CommandIO } from "./io";

/**
 * The JSON Schema editors use: for the files of an account folder, or with `shared` for the files of
 * `<root>/_shared` (DIALECT.md §14), which select accounts. schema/iam-syncr.schema.json and
 * schema/iam-syncr-shared.schema.json are these outputs, committed.
 */
export function editorSchemaText(shared = false): string {
  return `${JSON.stringify(shared ? EDITOR_SHARED_SCHEMA : EDITOR_SCHEMA, null, 2)}\n`;
}

/** `iam-syncr schema [--shared]`: prints the dialect's JSON Schema for editors. */
export function runSchema(args: string[], io: CommandIO): number {
  const { values } = parseCommandLine(args, { shared: { type: "boolean" } }, []);
  io.stdout(editorSchemaText(values.shared === true));
  return 0;
}
