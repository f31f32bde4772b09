/**
 * `iam-syncr preview` and `iam-syncr up` before any stack runs (docs/run-all.md): a wrong command line, check's
 * errors stopping everything, a selection or project that cannot be had, and up's confirmation. The built
 * command in a child process; where a Pulumi CLI must answer, a recording stand-in on PATH that knows no stack,
 * so that "nothing ran" is something the test can see. The runs themselves: test/engine/run-all.spec.ts.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { COMMANDS } from "../../cli/commands";
import { run } from "../../cli/program";
import { writeStacks } from "../support/stacks";

const REPO = path.resolve(__dirname, "../..");
const MAIN = path.join(REPO, "bin/cli/main.js");
const GOOD = () =>
  writeStacks({
    accounts: 'app: "111111111111"\ntools: "333333333333"\n',
    files: { "app/roles.yaml": "roles:\n  web: {allow_to_assume_me: {iam: role/builder, account: tools}}\n", "tools/roles.yaml": "roles:\n  builder: {allow_to_assume_me: {service: ec2}}\n" },
  });

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { cwd, env: { ...process.env, ...env }, encoding: "utf8" }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr });
    });
  });
}

const temporary: string[] = [];
after(() => temporary.forEach((folder) => fs.rmSync(folder, { recursive: true, force: true })));

/** A folder with a `pulumi` that answers `version` and `stack ls` (no stack) and records every call. */
function recordingPulumi(): { bin: string; calls(): string[] } {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-fake-pulumi-"));
  temporary.push(bin);
  const record = path.join(bin, "calls");
  fs.writeFileSync(
    path.join(bin, "pulumi"),
    `#!/bin/sh\necho "$*" >> "${record}"\ncase "$1" in\n  version) echo v3.248.0 ;;\n  stack) echo "[]" ;;\n  *) echo "unexpected: $*" >&2; exit 3 ;;\nesac\n`,
    { mode: 0o755 },
  );
  return { bin, calls: () => (fs.existsSync(record) ? fs.readFileSync(record, "utf8").trim().split("\n") : []) };
}

describe("iam-syncr preview and up, before any stack runs", () => {
  it("up refuses to run without --yes when standard input is not a terminal: exit 2, nothing checked", async () => {
    const result = await cli(["up", "stacks"], REPO);
    expect([result.code, result.stdout]).to.deep.equal([2, ""]);
    expect(result.stderr.split("\n")[0]).to.equal("iam-syncr: up deploys to the accounts: pass --yes (standard input is not a terminal, so no one can confirm)");
  });

  it("wrong options are usage errors: exit 2", async () => {
    const parallel = await cli(["preview", "stacks", "--parallel", "0"], REPO);
    expect([parallel.code, parallel.stderr.split("\n")[0]]).to.deep.equal([2, 'iam-syncr: --parallel takes a whole number from 1 to 64; found "0"']);
    const region = await cli(["preview", "stacks", "--region", "eu-west-1"], REPO);
    expect([region.code, region.stderr.split("\n")[0]]).to.deep.equal([2, "iam-syncr: --region is for the stacks --init creates; pass --init too"]);
    const format = await cli(["preview", "--format", "sarif"], REPO);
    expect(format.code).to.equal(2);
  });

  it("check's errors stop everything: its diagnostics as check prints them, then one line; exit 1", async () => {
    const check = await cli(["check", "broken-stacks"], path.join(REPO, "test/fixtures"));
    const preview = await cli(["preview", "broken-stacks"], path.join(REPO, "test/fixtures"));
    expect([preview.code, preview.stdout]).to.deep.equal([1, ""]);
    expect(preview.stderr).to.equal(`${check.stderr}preview: iam-syncr check found errors: no stack was run\n`);
    const up = await cli(["up", "broken-stacks", "--yes"], path.join(REPO, "test/fixtures"));
    expect([up.code, up.stderr]).to.deep.equal([1, `${check.stderr}up: iam-syncr check found errors: no stack was run\n`]);
  });

  it("with --format json, check's errors are the report, with no selection and no run", async () => {
    const preview = await cli(["preview", "broken-stacks", "--format", "json"], path.join(REPO, "test/fixtures"));
    const check = JSON.parse((await cli(["check", "broken-stacks", "--format", "json"], path.join(REPO, "test/fixtures"))).stdout);
    expect([preview.code, preview.stderr]).to.deep.equal([1, ""]);
    expect(JSON.parse(preview.stdout)).to.deep.equal({
      format: "iam-syncr/run@1",
      command: "preview",
      root: "broken-stacks",
      logs: null,
      check,
      selection: null,
      runs: [],
      summary: { runs: 0, succeeded: 0, failed: 0, skipped: 0, notNeeded: 0, ok: false },
    });
  });

  it("--stacks naming no account of the root is one line: exit 1", async () => {
    const root = GOOD();
    const result = await cli(["preview", ".", "--stacks", "app,tool"], root);
    expect(result).to.deep.equal({
      code: 1,
      stdout: "",
      stderr: 'iam-syncr preview: --stacks: "tool" is not an account folder of the stacks root (app, tools); did you mean "tools"?\n',
    });
  });

  it("without a Pulumi project in the folder, one line saying so: exit 1", async () => {
    const root = GOOD();
    const result = await cli(["preview", "."], root);
    expect(result).to.deep.equal({ code: 1, stdout: "", stderr: `iam-syncr preview: no Pulumi project in ${root} (no Pulumi.yaml): run in the iam-syncr project folder, or pass --project\n` });
  });

  it("without a Pulumi CLI on PATH, one line saying how to get one: exit 1", async () => {
    const root = GOOD();
    fs.writeFileSync(path.join(root, "Pulumi.yaml"), "name: iam-syncr\nruntime: nodejs\n");
    const result = await cli(["preview", "."], root, { PATH: path.dirname(process.execPath) });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/^iam-syncr preview: no usable Pulumi CLI on PATH \(.+\): install Pulumi 3\.248 or newer, or put the folder that scripts\/pulumi-cli\.sh prints on PATH\n$/);
  });

  it("a stack that does not exist fails alone without --init, and what needs it is skipped: no stack is created", async () => {
    const root = GOOD();
    fs.writeFileSync(path.join(root, "Pulumi.yaml"), "name: iam-syncr\nruntime: nodejs\n");
    const pulumi = recordingPulumi();
    const result = await cli(["up", ".", "--yes", "--log-dir", path.join(root, "logs")], root, { PATH: `${pulumi.bin}${path.delimiter}${process.env.PATH}` });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal(
      [
        `up: 2 runs of 2 stacks, at most 2 at once; Pulumi's output in ${path.join(root, "logs")}`,
        "tools: failed after 0.0 s: the stack does not exist; --init creates it, with its settings from Pulumi.example.yaml",
        "app: skipped: needs tools, which failed",
        "",
      ].join("\n"),
    );
    expect(result.stdout.split("\n").slice(1)).to.deep.equal([
      "tools          -        -         -        -     0.0 s  failed: the stack does not exist; --init creates it, with its settings from Pulumi.example.yaml",
      "app            -        -         -        -         -  skipped: needs tools, which failed",
      "",
      "2 runs, 0 applied, 1 failed, 1 skipped",
      "",
    ]);
    expect(pulumi.calls()).to.deep.equal(["version", "stack ls --json --non-interactive"]);
  });

  it("--stacks: the selection is said first; what a selected account comes after, unselected, is taken as deployed and not run", async () => {
    const root = GOOD();
    fs.writeFileSync(path.join(root, "Pulumi.yaml"), "name: iam-syncr\nruntime: nodejs\n");
    const pulumi = recordingPulumi();
    const result = await cli(["up", ".", "--yes", "--stacks", "app", "--log-dir", path.join(root, "logs"), "--format", "json"], root, { PATH: `${pulumi.bin}${path.delimiter}${process.env.PATH}` });
    expect(result.stderr.split("\n").slice(0, 3)).to.deep.equal([
      "selected: app; not selected: tools",
      "app: after tools, not selected: taken as deployed already",
      `up: 1 run of 1 stack, at most 2 at once; Pulumi's output in ${path.join(root, "logs")}`,
    ]);
    const report = JSON.parse(result.stdout);
    expect(report.selection).to.deep.equal({ stacks: ["app"], changedSince: null, base: null, selected: [{ account: "app", reason: "--stacks" }], notSelected: ["tools"] });
    expect(report.runs.map((r: { account: string; outcome: string }) => `${r.account} ${r.outcome}`)).to.deep.equal(["app failed"]);
    expect(result.code).to.equal(1);
  });

  it("up on a terminal asks first, with the order; anything but yes deploys nothing: exit 1", async () => {
    const root = GOOD();
    fs.writeFileSync(path.join(root, "Pulumi.yaml"), "name: iam-syncr\nruntime: nodejs\n");
    const pulumi = recordingPulumi();
    const asked: string[] = [];
    let stderr = "";
    let stdout = "";
    const previousPath = process.env.PATH;
    process.env.PATH = `${pulumi.bin}${path.delimiter}${previousPath}`;
    let code: number;
    try {
      code = await run(COMMANDS, ["up", "."], {
        cwd: root,
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        stdinIsTTY: true,
        ask: async (question) => {
          asked.push(question);
          return "no";
        },
      });
    } finally {
      process.env.PATH = previousPath;
    }
    expect([code, stdout, stderr]).to.deep.equal([1, "", "up: not confirmed: nothing was deployed\n"]);
    expect(asked).to.deep.equal([
      "iam-syncr up will deploy 2 stacks of ., in this order:\n  1. tools\n  2. app (after tools)\n`iam-syncr preview` shows what would change. Deploy? [y/N] ",
    ]);
    expect(pulumi.calls()).to.deep.equal(["version", "stack ls --json --non-interactive"]);
  });
});
