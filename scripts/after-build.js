#!/usr/bin/env node
// The build's second step (npm run prepare, after tsc): generates the schema validators as standalone code
// (compiler/schema/compile-validators.ts explains why) next to the compiled validate.js, the index of AWS action
// names that check's lint reads (compiler/lint/action-index.ts explains why), and makes the command executable. Plain JavaScript, so that it needs nothing but the output of tsc.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const bin = path.join(__dirname, "..", "bin");
const { validatorModuleText } = require(path.join(bin, "compiler/schema/compile-validators.js"));
fs.writeFileSync(path.join(bin, "compiler/schema/validators.generated.js"), validatorModuleText());
fs.chmodSync(path.join(bin, "cli/main.js"), 0o755);

const { buildActionIndex, GENERATED_INDEX_FILE } = require(path.join(bin, "compiler/lint/action-index.js"));
buildActionIndex().then(
  (index) => fs.writeFileSync(path.join(bin, "compiler/lint", GENERATED_INDEX_FILE), JSON.stringify(index)),
  (error) => {
    console.error(`after-build: the index of AWS action names: ${error.message}`);
    process.exitCode = 1;
  },
);
