import { defineCommand } from "../command";

/** `iam-syncr schema`: the JSON Schema editors use (schema/iam-syncr.schema.json is this output, committed). */
export default defineCommand({
  name: "schema",
  summary: "print the JSON Schema of the YAML files, for editors",
  description:
    "Prints the JSON Schema (draft 2020-12) of an account file, from the source the compiler validates with; schema/iam-syncr.schema.json is this output. Editors: docs/cli.md#editors-the-json-schema.",
  arguments: [],
  options: [],
  async run(_input, io) {
    const { editorSchemaText } = await import("../editor-schema");
    io.stdout(editorSchemaText());
    return 0;
  },
});
