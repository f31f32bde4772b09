#!/usr/bin/env node
// Writes bin/cli/code-cache.data (cli/code-cache.ts explains it): runs `iam-syncr check` and `compile` on the
// project's example stacks in this fresh process, their output discarded, and records the code V8 compiled for
// them. Run by after-build.js in a process of its own, so that nothing else has loaded the modules before.
"use strict";
const path = require("node:path");

const root = path.join(__dirname, "..");
const { recordCodeCache } = require(path.join(root, "bin/cli/code-cache.js"));

const io = { stdout: () => true, stderr: () => true, cwd: root, stderrColour: false, stdinIsTTY: false, ask: async () => "" };
// Exit codes do not matter: the commands load and run the same code either way.
const warmUp = async () => {
  const { main } = require(path.join(root, "bin/cli/run.js"));
  await main(["check", "stacks"], io);
  await main(["compile", "stacks/example"], io);
};
recordCodeCache(warmUp).then(
  (count) => process.stdout.write(`code cache: ${count} modules\n`),
  (error) => {
    console.error(`record-code-cache: ${error.stack ?? error}`);
    process.exitCode = 1;
  },
);
