#!/usr/bin/env node
/**
 * `npm test` and `npm run test:engine`. The unit suite (mocha, .mocharc.json: everything but test/engine), then
 * the engine suite (test/engine/mocharc.json: the real Pulumi CLI on this project, against moto_server), when
 * scripts/pulumi-cli.sh finds or builds a CLI; otherwise it says plainly that the engine suite was skipped and
 * why, and with CI=true counts that as a failure. The last line is "N passed, N failed, N skipped" over everything that ran,
 * also written to .mocha-results.json for .ci/run.
 *
 *   node scripts/run-tests.js              # unit suite, then engine suite
 *   node scripts/run-tests.js --engine     # the engine suite alone
 */
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const engineOnly = process.argv.includes("--engine");
const ci = /^(1|true|yes)$/i.test(process.env.CI ?? "");
const totals = { passes: 0, failures: 0, pending: 0 };

function runMocha(config, resultsFile) {
  fs.rmSync(path.join(root, resultsFile), { force: true });
  const mocha = require.resolve("mocha/bin/mocha.js", { paths: [root] });
  const args = [mocha, ...(config === null ? [] : ["--config", config])];
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...process.env, MOCHA_RESULTS_FILE: resultsFile } });
  const file = path.join(root, resultsFile);
  if (!fs.existsSync(file)) {
    // Mocha ended before it could report (it crashed, or was killed): count it as one failure.
    totals.failures += 1;
    return;
  }
  const results = JSON.parse(fs.readFileSync(file, "utf8"));
  totals.passes += results.passes;
  totals.failures += results.failures;
  totals.pending += results.pending;
  if (run.status !== 0 && results.failures === 0) totals.failures += 1;
}

function locateCli() {
  const run = spawnSync("bash", [path.join(root, "scripts", "pulumi-cli.sh")], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  process.stderr.write(run.stderr ?? "");
  const printed = (run.stdout ?? "").trim();
  if (run.status === 0 && printed !== "") return { path: printed };
  const reason = (run.stderr ?? "").trim().split("\n").pop() || run.error?.message || `exit status ${run.status}`;
  return { reason };
}

if (!engineOnly) runMocha(null, ".mocha-results.unit.json");

const cli = locateCli();
if (cli.path !== undefined) {
  console.log(`\nengine suite: the real Pulumi CLI ${cli.path}, the stand-in AWS provider, moto_server`);
  runMocha("test/engine/mocharc.json", ".mocha-results.engine.json");
} else {
  console.log(`\nengine suite skipped: no Pulumi CLI (${cli.reason}).`);
  if (ci) {
    console.log("CI is set: a skipped engine suite counts as a failure.");
    totals.failures += 1;
  }
}

fs.writeFileSync(path.join(root, ".mocha-results.json"), `${JSON.stringify(totals)}\n`);
console.log(`${totals.passes} passed, ${totals.failures} failed, ${totals.pending} skipped`);
process.exit(totals.failures === 0 ? 0 : 1);
