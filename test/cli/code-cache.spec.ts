/**
 * cli/code-cache.ts: the code cache the build records for the command line. Each case runs in a Node process
 * of its own (the cache takes over the process's module loader), on a small package written to a temporary
 * folder, and on the real build.
 */
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "../..");
const CODE_CACHE = path.join(REPO, "bin/cli/code-cache.js");

/** Runs `script` in a fresh Node process and returns what it printed as JSON. */
function inProcess(script: string, env: Record<string, string> = {}): unknown {
  const base = { ...process.env };
  delete base.IAM_SYNCR_CODE_CACHE;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: REPO, env: { ...base, ...env }, encoding: "utf8" }));
}

describe("the code cache (cli/code-cache.ts)", () => {
  let root: string;
  let cacheFile: string;
  const answer = (n: number) => `module.exports = () => ${n};\n`;

  /** Records the cache of `lib/answer.js` (and `lib/index.js`, which requires it) after calling it once. */
  function record(): number {
    return inProcess(
      [
        `const { recordCodeCache } = require(${JSON.stringify(CODE_CACHE)});`,
        `recordCodeCache(async () => { require(${JSON.stringify(path.join(root, "lib/index.js"))})(); }, ${JSON.stringify(cacheFile)}, ${JSON.stringify(root)})`,
        "  .then((count) => console.log(JSON.stringify(count)));",
      ].join("\n"),
    ) as number;
  }

  /** Loads the package with the cache on: what it answers, and what the cache did. */
  function load(env: Record<string, string> = {}): { value: number; use: unknown } {
    return inProcess(
      [
        `const { useCodeCache } = require(${JSON.stringify(CODE_CACHE)});`,
        `const use = useCodeCache(${JSON.stringify(cacheFile)}, ${JSON.stringify(root)});`,
        `const value = require(${JSON.stringify(path.join(root, "lib/index.js"))})();`,
        "console.log(JSON.stringify({ value, use: use ?? null }));",
      ].join("\n"),
      env,
    ) as { value: number; use: unknown };
  }

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-code-cache-"));
    fs.mkdirSync(path.join(root, "lib"));
    fs.writeFileSync(path.join(root, "lib/index.js"), 'const answer = require("./answer");\nmodule.exports = () => answer();\n');
    fs.writeFileSync(path.join(root, "lib/answer.js"), answer(1111));
    cacheFile = path.join(root, "code-cache.data");
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("records every module the warm-up loads, and a later process takes them from the cache", () => {
    expect(record()).to.equal(2);
    expect(load()).to.deep.equal({ value: 1111, use: { used: 2, stale: 0, rejected: 0 } });
  });

  it("compiles a module edited since, even to the same length, from its new text (V8 alone would run the old code)", () => {
    record();
    fs.writeFileSync(path.join(root, "lib/answer.js"), answer(2222));
    expect(load()).to.deep.equal({ value: 2222, use: { used: 1, stale: 1, rejected: 0 } });
  });

  it("is not used when turned off, when recorded by another Node, or when the file is damaged or missing", () => {
    record();
    expect(load({ IAM_SYNCR_CODE_CACHE: "off" })).to.deep.equal({ value: 1111, use: null });

    const data = fs.readFileSync(cacheFile);
    const other = Buffer.from(data.toString("latin1").replace(JSON.stringify(process.version), JSON.stringify("v0.0.0".padEnd(process.version.length, "0"))), "latin1");
    fs.writeFileSync(cacheFile, other);
    expect(load()).to.deep.equal({ value: 1111, use: null });

    fs.writeFileSync(cacheFile, data.subarray(0, 40));
    expect(load()).to.deep.equal({ value: 1111, use: null });

    fs.rmSync(cacheFile);
    expect(load()).to.deep.equal({ value: 1111, use: null });
  });

  it("the build's cache serves the command line: check and compile take all their modules from it", () => {
    const use = inProcess(
      [
        `const use = require(${JSON.stringify(CODE_CACHE)}).useCodeCache();`,
        `const { main } = require(${JSON.stringify(path.join(REPO, "bin/cli/run.js"))});`,
        'const io = { stdout() {}, stderr() {}, cwd: process.cwd(), stderrColour: false, stdinIsTTY: false };',
        'main(["check", "stacks"], io).then(() => main(["compile", "stacks/example"], io)).then(() => console.log(JSON.stringify(use)));',
      ].join("\n"),
    ) as { used: number; stale: number; rejected: number };
    expect(use.stale, "stale").to.equal(0);
    expect(use.rejected, "rejected").to.equal(0);
    expect(use.used).to.be.above(80);
  });
});
