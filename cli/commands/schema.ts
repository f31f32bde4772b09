import { defineCommand } from "../command";

/**
 * `iam-syncr schema [--shared]`: the JSON Schema editors use (schema/iam-syncr.schema.json and, with --shared,
 * schema/iam-syncr-shared.schema.json are this output, committed).
 */
export default defineCommand({
  name: "schema",
  summary: "print the JSON Schema of the YAML files, for editors",
  description:
    "Prints the JSON Schema (draft 2020-12) of an account file, from the source the compiler validates with; schema/iam-syncr.schema.json is this output. With --shared, the schema of a file of <root>/_shared (schema/iam-syncr-shared.schema.json). Editors: docs/cli.md#editors-the-json-schema.",
  arguments: [],
  options: [{ flags: "--shared", description: "the schema of the files of <root>/_shared, whose definitions select accounts" }],
  async run(input, io) {
    const { editorSchemaText } = await import("../editor-schema");
    io.stdout(editorSchemaText(input.options.shared === true));
    return 0;
  },
});
