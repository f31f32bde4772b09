/**
 * The last line of a test run, "N passed, N failed, N skipped": printed by test/support/reporter.js (which also
 * writes .mocha-results.json); .ci/run ends with "N passed, N failed", the form CI reads, after "N skipped". Both run here for real, in a
 * temporary folder: mocha with the reporter on a small spec file, and a copy of .ci/run with `npm` and `npx`
 * replaced by stand-ins, so that only its own logic runs.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";

const REPO = path.resolve(__dirname, "../..");
const MOCHA = path.join(REPO, "node_modules/mocha/bin/mocha.js");
const REPORTER = path.join(REPO, "test/support/reporter.js");
const CI_RUN = path.join(REPO, ".ci/run");

const SAMPLE_SPEC = `
describe("sample", () => {
  it("passes", () => {});
  it("fails", () => { throw new Error("expected failure"); });
  it.skip("is skipped", () => {});
  it("skips itself", function () { this.skip(); });
});
`;

const folders: string[] = [];
function temporaryFolder(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-results-line-"));
  folders.push(folder);
  return folder;
}

function lastLine(text: string): string {
  return text.trimEnd().split("\n").at(-1) ?? "";
}

describe("the results line", () => {
  after(() => {
    for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
  });

  it("the reporter ends mocha's output with passed, failed and skipped, and writes them to .mocha-results.json", () => {
    const folder = temporaryFolder();
    fs.writeFileSync(path.join(folder, "sample.js"), SAMPLE_SPEC);

    // Without the results file name that scripts/run-tests.js gives the mocha running this very test.
    const { MOCHA_RESULTS_FILE: _inherited, ...env } = process.env;
    const run = spawnSync(process.execPath, [MOCHA, "--no-config", "--reporter", REPORTER, "sample.js"], { cwd: folder, encoding: "utf8", env });

    expect(run.status, run.stderr).to.equal(1);
    expect(lastLine(run.stdout)).to.equal("1 passed, 1 failed, 2 skipped");
    expect(JSON.parse(fs.readFileSync(path.join(folder, ".mocha-results.json"), "utf8"))).to.deep.equal({ passes: 1, failures: 1, pending: 2 });
  });

  describe(".ci/run", () => {
    /**
     * Runs a copy of .ci/run in a folder of its own. The stand-in `npm test` writes `results` (if any) to
     * .mocha-results.json and exits with `testStatus`; every other npm and npx command succeeds unless listed in
     * `failing`.
     */
    function runCi(options: { results?: object; testStatus?: number; failing?: string[] }): { status: number | null; lastLine: string; stdout: string } {
      const folder = temporaryFolder();
      fs.mkdirSync(path.join(folder, ".ci"));
      fs.copyFileSync(CI_RUN, path.join(folder, ".ci/run"));
      const bin = path.join(folder, "fake-bin");
      fs.mkdirSync(bin);
      const failing = new Set(options.failing ?? []);
      const standIn = (tool: string) =>
        [
          "#!/usr/bin/env bash",
          `case "$1" in`,
          ...[...failing].filter((c) => c.startsWith(`${tool} `)).map((c) => `  ${c.slice(tool.length + 1)}) exit 1 ;;`),
          ...(tool === "npm" && options.results !== undefined ? [`  test) printf '%s\\n' '${JSON.stringify(options.results)}' > .mocha-results.json; exit ${options.testStatus ?? 0} ;;`] : []),
          ...(tool === "npm" ? [`  test) exit ${options.testStatus ?? 0} ;;`] : []),
          "esac",
          "exit 0",
          "",
        ].join("\n");
      for (const tool of ["npm", "npx"]) fs.writeFileSync(path.join(bin, tool), standIn(tool), { mode: 0o755 });
      const run = spawnSync("bash", [path.join(folder, ".ci/run")], {
        cwd: folder,
        encoding: "utf8",
        env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
      });
      return { status: run.status, lastLine: lastLine(run.stdout), stdout: run.stdout };
    }

    it("repeats the reporter's counts as its last line, \"N passed, N failed\", the skipped ones on the line before, with the tests' exit status", () => {
      const failed = runCi({ results: { passes: 3, failures: 1, pending: 2 }, testStatus: 1 });
      expect(failed).to.deep.include({ status: 1, lastLine: "3 passed, 1 failed" });
      expect(failed.stdout.trimEnd().split("\n").at(-2)).to.equal("2 skipped");
      expect(runCi({ results: { passes: 5, failures: 0, pending: 0 }, testStatus: 0 })).to.deep.include({ status: 0, lastLine: "5 passed, 0 failed" });
    });

    it("counts a run that wrote no results, a failed install and a failed type-check as one failure, in the same format", () => {
      expect(runCi({ testStatus: 0 })).to.deep.include({ status: 1, lastLine: "0 passed, 1 failed" });
      expect(runCi({ failing: ["npm ci"] })).to.deep.include({ status: 1, lastLine: "0 passed, 1 failed" });
      expect(runCi({ failing: ["npx tsc"] })).to.deep.include({ status: 1, lastLine: "0 passed, 1 failed" });
    });
  });
});
