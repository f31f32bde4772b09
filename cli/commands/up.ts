import { defineCommand } from "../command";
import { RUN_ALL_ARGUMENT, runAllCommand, runAllOptions } from "../run-all-command";

/** `iam-syncr up`: `pulumi up` of every stack of a stacks root in check's deploy order (docs/run-all.md). */
export default defineCommand({
  name: "up",
  summary: "check the stacks root, then pulumi up each account's stack in the deploy order",
  description:
    "Checks <stacks-root> as check does (any error stops here), then runs pulumi up for the stack of each account (or of those selected) in the deploy order check prints, through the Pulumi Automation API on the Pulumi project: independent stacks at most --parallel at once, the accounts of a cycle in two passes, the stacks after a failed one skipped. One line per stack as it ends, then a summary table. Asks first unless --yes. Uses the AWS credentials of the environment. See docs/run-all.md.",
  arguments: [RUN_ALL_ARGUMENT],
  options: runAllOptions("up"),
  helpAfter: "Exit codes: 0 every stack deployed; 1 check found errors, a stack failed or was skipped, or the deploy was not confirmed; 2 a wrong command line (or no --yes without a terminal).",
  run: (input, io) => runAllCommand("up", input, io),
});
