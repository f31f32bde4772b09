#!/usr/bin/env node
"use strict";
/**
 * npm run mutation-check: makes, one at a time, each wrong change of MUTATIONS below in a scratch copy of the
 * repository and runs the tests named to catch it. A mutation is caught when at least one of those tests fails;
 * it survived when all of them pass. Before any mutation the same tests must pass on the unchanged copy, or
 * "caught" would mean nothing.
 *
 *   npm run mutation-check                  all mutations
 *   npm run mutation-check -- incomplete    only those whose name contains "incomplete"
 *   npm run mutation-check -- --keep        keep the scratch copy (its path is printed)
 *
 * Exit status: 0 when every mutation was caught; 1 when one survived, or when a mutation's target text is not
 * found exactly once (the code moved: update the pattern), or when the unchanged copy fails, or a run gives no
 * results. The scratch copy lives in the system's temporary folder, with a link to this node_modules, and is
 * removed at the end; the repository itself is never changed.
 *
 * Each mutation edits one line, found by a pattern that must match exactly once, so that small refactors of the
 * code around it do not break the check, and a larger one fails loudly instead of testing nothing.
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const REPO = path.resolve(__dirname, "..");

/** The wrong programs the test suite must reject, each with the tests that must catch it (issue 15). */
const MUTATIONS = [
  {
    name: 'RemovedRole diff ignores status "incomplete"',
    file: "pulumi/removed-role.ts",
    pattern: /olds\.status === "incomplete"/,
    replacement: "false",
    specs: ["test/pulumi/removed-role.moto.spec.ts"],
    tests: ["shows a change for an incomplete record whose role is already gone, then keeps the record and shows none"],
  },
  {
    name: "the role's own instance profile matched case-sensitively",
    file: "pulumi/role-removal.ts",
    pattern: /([\w.]+)\.toLowerCase\(\) === ([\w.]+)\.toLowerCase\(\)/,
    replacement: "$1 === $2",
    specs: ["test/pulumi/removed-role.moto.spec.ts"],
    tests: ["deletes the role's own instance profile whatever the case of its name (profile Web for role web), and no other"],
  },
  {
    name: "grant encryption-context pairs compared unsorted",
    file: "adopt/grant-matching.ts",
    pattern: /(Object\.entries\([^)\n]*\))\.sort\([^;\n]*\)/,
    replacement: "$1",
    specs: ["test/adopt/import-plan.spec.ts", "test/adopt/import-plan.moto.spec.ts"],
    tests: [
      "encryption contexts compare as mappings: three pairs listed by AWS in another order than the YAML are the same grant",
      "adopts a grant whose encryption context AWS lists in another order than the YAML (three pairs)",
    ],
  },
  {
    name: "the removedRoles stack output replaced by a constant",
    file: "pulumi/program.ts",
    pattern: /return \[leaf, record\];/,
    replacement: 'return [leaf, pulumi.output({ status: "absent", removals: [] })];',
    specs: ["test/pulumi/stack-outputs.moto.spec.ts"],
    tests: ["exports each removal record as the provider made it: removed with what the role had, or absent"],
  },
];

/** Not copied: the scratch copy links node_modules and needs neither the build, the history nor old results. */
const NOT_COPIED = new Set(["node_modules", ".git", "bin", "scratch", ".mocha-results.json"]);

class CheckError extends Error {}

function main(argv) {
  const keep = argv.includes("--keep");
  const filters = argv.filter((a) => a !== "--keep");
  const selected = MUTATIONS.filter((m) => filters.length === 0 || filters.some((f) => m.name.includes(f)));
  if (selected.length === 0) throw new CheckError(`no mutation's name contains ${filters.map((f) => `"${f}"`).join(" or ")}`);

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-mutation-"));
  console.log(`mutation check: ${selected.length} mutation${selected.length === 1 ? "" : "s"}, scratch copy ${scratch}`);
  try {
    fs.cpSync(REPO, scratch, { recursive: true, filter: (source) => !NOT_COPIED.has(path.relative(REPO, source).split(path.sep)[0]) });
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(scratch, "node_modules"), "dir");

    // Every target first: a pattern that no longer matches stops the check before anything runs.
    const edits = selected.map((mutation) => ({ mutation, ...mutate(scratch, mutation) }));

    const baseline = runTests(scratch, union(selected.map((m) => m.specs)), union(selected.map((m) => m.tests)), "baseline");
    const failingBaseline = baseline.tests.filter((t) => t.state !== "passed");
    if (failingBaseline.length > 0) {
      throw new CheckError(`these tests fail on the unchanged copy, so the check means nothing:\n${failingBaseline.map((t) => `  ${t.title}: ${t.error}`).join("\n")}`);
    }
    const missing = selected.flatMap((m) => m.tests).filter((title) => !baseline.tests.some((t) => t.title === title));
    if (missing.length > 0) throw new CheckError(`these tests were not found in their spec files:\n${missing.map((t) => `  ${t}`).join("\n")}`);
    console.log(`  baseline: the catching tests pass on the unchanged copy (${baseline.tests.length} runs)`);

    let survived = 0;
    for (const { mutation, original, mutated } of edits) {
      const file = path.join(scratch, mutation.file);
      fs.writeFileSync(file, mutated);
      try {
        const run = runTests(scratch, mutation.specs, mutation.tests, mutation.name);
        const failed = run.tests.filter((t) => t.state === "failed");
        if (failed.length > 0) {
          console.log(`  caught    ${mutation.name} (${mutation.file})`);
          for (const t of failed) console.log(`              by: ${t.fullTitle}`);
        } else {
          survived++;
          console.log(`  SURVIVED  ${mutation.name} (${mutation.file}): ${run.tests.length} tests ran and passed`);
        }
      } finally {
        fs.writeFileSync(file, original);
      }
    }
    console.log(`${selected.length - survived} caught, ${survived} survived`);
    return survived === 0 ? 0 : 1;
  } finally {
    if (keep) console.log(`kept the scratch copy: ${scratch}`);
    else fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The file's text with the mutation applied to its one matching line. */
function mutate(root, mutation) {
  const original = fs.readFileSync(path.join(root, mutation.file), "utf8");
  const global = new RegExp(mutation.pattern.source, `${mutation.pattern.flags.replace("g", "")}g`);
  const matches = [...original.matchAll(global)];
  if (matches.length !== 1) {
    throw new CheckError(
      `${mutation.name}: ${mutation.pattern} matches ${matches.length} times in ${mutation.file}, not once; the code moved: update the pattern in scripts/mutation-check.js`,
    );
  }
  const mutated = original.replace(mutation.pattern, mutation.replacement);
  if (mutated === original) throw new CheckError(`${mutation.name}: the replacement leaves ${mutation.file} unchanged`);
  return { original, mutated };
}

/**
 * Runs mocha in the scratch copy on `specs`, only the tests titled `titles`, with the require, extension and
 * timeout of the project's .mocharc.json. Returns each test that ran, with its state.
 */
function runTests(root, specs, titles, label) {
  const config = JSON.parse(fs.readFileSync(path.join(root, ".mocharc.json"), "utf8"));
  const output = path.join(root, `.mutation-check-${process.pid}.json`);
  fs.rmSync(output, { force: true });
  const grep = titles.map((t) => `${escapeRegExp(t)}$`).join("|");
  const args = [
    path.join(root, "node_modules/mocha/bin/mocha.js"),
    "--no-config",
    ...[config.require ?? []].flat().flatMap((r) => ["--require", r]),
    ...[config.extension ?? []].flat().flatMap((e) => ["--extension", e]),
    "--timeout",
    String(config.timeout ?? 30000),
    "--reporter",
    "json",
    "--reporter-option",
    `output=${output}`,
    "--grep",
    grep,
    ...specs,
  ];
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  if (!fs.existsSync(output)) {
    throw new CheckError(`${label}: mocha gave no results (exit ${run.status}):\n${run.stdout}${run.stderr}`.trimEnd());
  }
  const results = JSON.parse(fs.readFileSync(output, "utf8"));
  fs.rmSync(output, { force: true });
  const failedTitles = new Map(results.failures.map((t) => [t.fullTitle, t.err?.message ?? ""]));
  const tests = [...results.passes, ...results.failures].map((t) => ({
    title: t.title,
    fullTitle: t.fullTitle,
    state: failedTitles.has(t.fullTitle) ? "failed" : "passed",
    error: (failedTitles.get(t.fullTitle) ?? "").split("\n")[0],
  }));
  // A failing hook (say, moto_server not starting) fails no test of ours; it is an error, not a catch.
  const hooks = results.failures.filter((t) => !titles.includes(t.title));
  if (hooks.length > 0) throw new CheckError(`${label}: ${hooks.map((t) => `${t.fullTitle}: ${(t.err?.message ?? "").split("\n")[0]}`).join("; ")}`);
  if (tests.length === 0) throw new CheckError(`${label}: no test ran (mocha exit ${run.status})\n${run.stderr}`.trimEnd());
  return { tests };
}

function union(lists) {
  return [...new Set(lists.flat())];
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof CheckError)) throw error;
  console.error(`mutation check: ${error.message}`);
  process.exitCode = 1;
}
