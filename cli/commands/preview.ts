import { defineCommand } from "../command";
import { RUN_ALL_ARGUMENT, runAllCommand, runAllOptions } from "../run-all-command";

/** `iam-syncr preview`: `pulumi preview` of every stack of a stacks root, after check (docs/run-all.md). */
export default defineCommand({
  name: "preview",
  summary: "check the stacks root, then pulumi preview each account's stack; changes nothing",
  description:
    "Checks <stacks-root> as check does (any error stops here), then runs pulumi preview for the stack of each account (or of those selected), through the Pulumi Automation API on the Pulumi project, at most --parallel at once: one line per stack as it ends, then a summary table. Changes nothing in AWS; creates no stack without --init. Uses the AWS credentials of the environment. See docs/run-all.md.",
  arguments: [RUN_ALL_ARGUMENT],
  options: runAllOptions("preview"),
  helpAfter: "Exit codes: 0 every stack previewed; 1 check found errors, or a stack failed; 2 a wrong command line.",
  run: (input, io) => runAllCommand("preview", input, io),
});
