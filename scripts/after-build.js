#!/usr/bin/env node
// The build's second step (npm run prepare, after tsc): generates the schema validators as standalone code
// (compiler/schema/compile-validators.ts explains why) next to the compiled validate.js, the index of AWS action
// names that check's lint reads (compiler/lint/action-index.ts explains why), makes the command executable, and
// last, when all the command's modules are written, records their code cache (cli/code-cache.ts explains why).
// Plain JavaScript, so that it needs nothing but the output of tsc.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const bin = path.join(__dirname, "..", "bin");
const { validatorModuleText } = require(path.join(bin, "compiler/schema/compile-validators.js"));
fs.writeFileSync(path.join(bin, "compiler/schema/validators.generated.js"), validatorModuleText());
fs.chmodSync(path.join(bin, "cli/main.js"), 0o755);

const { buildActionIndex, GENERATED_INDEX_FILE } = require(path.join(bin, "compiler/lint/action-index.js"));
buildActionIndex().then(
  (index) => {
    fs.writeFileSync(path.join(bin, "compiler/lint", GENERATED_INDEX_FILE), JSON.stringify(index));
    recordCodeCache();
  },
  (error) => {
    console.error(`after-build: the index of AWS action names: ${error.message}`);
    process.exitCode = 1;
  },
);

function recordCodeCache() {
  // A failed recording leaves no cache, which costs only speed: the command compiles its modules as Node always
  // does. So it is reported, and the build goes on.
  fs.rmSync(path.join(bin, "cli/code-cache.data"), { force: true });
  const recorded = spawnSync(process.execPath, [path.join(__dirname, "record-code-cache.js")], { encoding: "utf8" });
  if (recorded.status !== 0) console.error(`after-build: no code cache (the command starts slower): ${recorded.stderr || recorded.error}`);
}
