import type { GraphFormat } from "../../compiler/graph";
import { defineCommand, stringOption } from "../command";
import { UsageError } from "../io";

/** `iam-syncr graph`: who can assume which role and who can reach which bucket and key (docs/graph.md). */
export default defineCommand({
  name: "graph",
  summary: "draw who can assume which role and who can reach which bucket and key",
  description:
    "Compiles every account folder of <stacks-root> as check does and draws its trust and access: who can assume each role (trust policies), who can reach each bucket and key (bucket and key policies, grants, role policies naming them), with the YAML file and line of each edge and the risks check reports. Needs no AWS credentials. See docs/graph.md.",
  arguments: [{ name: "stacks-root", description: "the folder holding accounts.yaml and one folder per account" }],
  options: [
    { flags: "--account <names>", description: "only the edges that touch these accounts (names separated by commas)" },
    { flags: "--role <name>", description: "one role's neighbourhood, two steps each way (full name, or leaf ignoring case)" },
    {
      flags: "--format <format>",
      description: "mermaid: for Markdown; dot: Graphviz; html: one self-contained page; json: the graph",
      choices: ["mermaid", "dot", "html", "json"],
      default: "mermaid",
    },
    { flags: "--out <file>", description: "write to the file instead of stdout" },
  ],
  helpAfter: "Exit codes: 0 drawn; 1 the root has errors (nothing drawn) or the file cannot be written; 2 a wrong command line.",
  async run(input, io) {
    const { graphCommand } = await import("../graph-command");
    const list = stringOption(input, "account");
    const accounts = list === undefined ? [] : list.split(",").map((name) => name.trim());
    if (accounts.some((name) => name === "")) throw new UsageError("--account takes account names separated by commas");
    return graphCommand({ root: input.args[0], accounts, role: stringOption(input, "role"), format: stringOption(input, "format") as GraphFormat, out: stringOption(input, "out") ?? null }, io);
  },
});
