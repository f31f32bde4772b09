/**
 * The command line as users of linters expect it (docs/cli.md): --version, --help for the program and for each
 * command, suggestions for a mistyped command, colour on terminals only (NO_COLOR, FORCE_COLOR), SARIF 2.1.0 for
 * code scanning (validated against the SARIF schema), and a start-up that loads nothing a command does not use.
 */
import Ajv04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { expect } from "chai";
import { execFile, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Log } from "sarif";
import { colourFor } from "../../cli/colour";
import { COMMANDS } from "../../cli/commands";
import { helpText, packageVersion } from "../../cli/program";
import { DOCS_BASE_URL } from "../../cli/sarif";
import { LINT_RULES } from "../../compiler/lint/rules";
import { writeStacks } from "../support/stacks";

const REPO = path.resolve(__dirname, "../..");
const MAIN = path.join(REPO, "bin/cli/main.js");
/** The command line without the executable's code cache: what a test loads to run it in a process of its own. */
const RUN = path.join(REPO, "bin/cli/run.js");
const FIXTURES = path.join(REPO, "test/fixtures");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built command; `env` replaces the colour variables of this process (none are inherited). */
function cli(args: string[], cwd = REPO, env: Record<string, string> = {}): Promise<Run> {
  const base = { ...process.env };
  for (const key of ["NO_COLOR", "FORCE_COLOR", "NODE_DISABLE_COLORS"]) delete base[key];
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { cwd, env: { ...base, ...env }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr });
    });
  });
}

const ESC = "\u001b[";
const WARNS = () =>
  writeStacks({ files: { "sandbox/roles.yaml": "roles:\n  web:\n    allow_to_assume_me: {service: ec2}\n    allow_permission: {action: s3:GetObjekt, resource: '*'}\n" } });

describe("command line conventions", () => {
  describe("--version and --help", () => {
    it("--version and -v print the package's version: exit 0", async () => {
      const version = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).version;
      for (const flag of ["--version", "-v"]) expect(await cli([flag])).to.deep.equal({ code: 0, stdout: `${version}\n`, stderr: "" });
      expect(packageVersion()).to.equal(version);
    });

    it("--help, -h and `help` print the program's help on stdout: every command with its summary", async () => {
      const help = helpText(COMMANDS);
      for (const args of [["--help"], ["-h"], ["help"]]) expect(await cli(args)).to.deep.equal({ code: 0, stdout: help, stderr: "" });
      for (const command of COMMANDS) expect(help).to.match(new RegExp(`\\n  ${command.name}\\b.*  ${command.summary.slice(0, 30).replace(/[()]/g, "\\$&")}`));
    });

    it("each command has its own help: `<command> --help`, `<command> -h` and `help <command>`, exit 0", async () => {
      for (const command of COMMANDS) {
        const help = helpText(COMMANDS, command.name);
        expect(help).to.match(new RegExp(`^Usage: iam-syncr ${command.name} `));
        for (const option of command.options) expect(help).to.contain(option.flags);
        for (const args of [[command.name, "--help"], [command.name, "-h"], ["help", command.name]]) {
          expect(await cli(args), args.join(" ")).to.deep.equal({ code: 0, stdout: help, stderr: "" });
        }
      }
    });

    it("compile --help shows the arguments, the options with their choices and default, and the exit codes", () => {
      expect(helpText(COMMANDS, "compile")).to.equal(
        [
          "Usage: iam-syncr compile [options] <account-folder>",
          "",
          "Compiles <account-folder> and prints its plan (iam-syncr/plan@1, JSON) on stdout. Diagnostics go to",
          "stderr, one line each (file:line:column: severity: YAML path: message), then their count.",
          "",
          "Arguments:",
          "  account-folder     <stacks root>/<account>; the folder's name is the account's, a key of",
          "                     accounts.yaml",
          "",
          "Options:",
          "  --accounts <file>  the accounts file (default: accounts.yaml in the folder's parent)",
          "  --region <region>  the default region for kms and sns specifiers and keys without a location",
          '  --format <format>  json: the plan; text: a readable summary of it (choices: "json", "text",',
          '                     default: "json")',
          "  --strict           count warnings as errors",
          "  -h, --help         print the help",
          "",
          "Exit codes: 0 compiled (warnings, if any, on stderr); 1 errors (nothing on stdout); 2 a wrong command line.",
          "",
        ].join("\n"),
      );
    });

    it("a mistyped command or option gets a suggestion: exit 2, the message and the usage on stderr", async () => {
      const command = await cli(["chek", "stacks"]);
      expect([command.code, command.stdout]).to.deep.equal([2, ""]);
      expect(command.stderr.startsWith("iam-syncr: unknown command 'chek'\n(Did you mean check?)\n\nUsage: iam-syncr [options] [command]\n")).to.equal(true);
      const option = await cli(["check", "stacks", "--strikt"]);
      expect([option.code, option.stdout]).to.deep.equal([2, ""]);
      expect(option.stderr.startsWith("iam-syncr: unknown option '--strikt'\n(Did you mean --strict?)\n\nUsage: iam-syncr check [options] <stacks-root>\n")).to.equal(true);
    });
  });

  describe("output that cannot be written", () => {
    it("a reader that stops early (`iam-syncr compile … | head`) ends the command quietly: its own exit code, nothing on stderr", async () => {
      const roles = Array.from({ length: 1500 }, (_, i) => `  role-${i}: {allow_to_assume_me: {service: ec2}, allow_permission: {action: "s3:GetObject", resource: "arn:aws:s3:::b/${i}/*"}}`);
      const root = writeStacks({ files: { "sandbox/roles.yaml": `roles:\n${roles.join("\n")}\n` } });
      const { code, stderr, read } = await new Promise<{ code: number | null; stderr: string; read: number }>((resolve) => {
        const child = spawn(process.execPath, [MAIN, "compile", "sandbox"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
        let stderrText = "";
        let bytes = 0;
        child.stderr.on("data", (chunk: Buffer) => (stderrText += chunk.toString()));
        // Like head: read the first piece, then close the pipe while the command still has megabytes to write.
        child.stdout.once("data", (chunk: Buffer) => {
          bytes = chunk.length;
          child.stdout.destroy();
        });
        child.on("close", (exitCode) => resolve({ code: exitCode, stderr: stderrText, read: bytes }));
      });
      expect(read).to.be.above(0);
      expect({ code, stderr }).to.deep.equal({ code: 0, stderr: "" });
    });

    it("a full disk fails the run with one line naming the stream, not a stack trace", async function () {
      if (!fs.existsSync("/dev/full")) this.skip();
      const full = fs.openSync("/dev/full", "w");
      try {
        const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [MAIN, "compile", "stacks/example"], { cwd: REPO, stdio: ["ignore", full, "pipe"] });
          let stderrText = "";
          child.stderr!.on("data", (chunk: Buffer) => (stderrText += chunk.toString()));
          child.on("close", (exitCode) => resolve({ code: exitCode, stderr: stderrText }));
        });
        expect({ code, stderr }).to.deep.equal({ code: 1, stderr: "iam-syncr: could not write to standard output: ENOSPC: no space left on device, write\n" });
      } finally {
        fs.closeSync(full);
      }
    });
  });

  describe("colour", () => {
    it("is decided as Node decides it: FORCE_COLOR first, then a TTY whose colours NO_COLOR and TERM=dumb can turn off", () => {
      const tty = { isTTY: true };
      const pipe = { isTTY: false };
      const term = { TERM: "xterm-256color" };
      expect([colourFor(tty, term), colourFor(pipe, term)]).to.deep.equal([true, false]);
      expect([colourFor(tty, { ...term, NO_COLOR: "1" }), colourFor(tty, { TERM: "dumb" }), colourFor(tty, { ...term, NODE_DISABLE_COLORS: "1" })]).to.deep.equal([false, false, false]);
      expect([colourFor(pipe, { FORCE_COLOR: "1" }), colourFor(pipe, { FORCE_COLOR: "" }), colourFor(tty, { ...term, FORCE_COLOR: "0" })]).to.deep.equal([true, true, false]);
      expect(colourFor(pipe, { FORCE_COLOR: "1", NO_COLOR: "1" })).to.equal(true);
    });

    it("is off into a pipe: the text is exactly the plain text", async () => {
      const run = await cli(["check", "."], WARNS());
      expect(run.stderr).to.not.contain(ESC);
      expect(run.stderr.split("\n")[0]).to.equal('sandbox/roles.yaml:4:32: warning: roles.web.allow_permission.action: unknown action "s3:GetObjekt"; did you mean "s3:GetObject"?');
    });

    it("FORCE_COLOR=1 colours the severity, the underline and the gutter; stripped of colour the text is the same", async () => {
      const root = WARNS();
      const [plain, coloured] = [await cli(["check", "."], root), await cli(["check", "."], root, { FORCE_COLOR: "1" })];
      expect(coloured.stderr).to.contain(`: ${ESC}1m${ESC}33mwarning${ESC}39m${ESC}22m: roles.web`);
      expect(coloured.stderr).to.contain(`${ESC}33m^^^^^^^^^^^^${ESC}39m ${ESC}2mIAM103${ESC}22m`);
      expect(coloured.stderr.replace(/\u001b\[\d+m/g, "")).to.equal(plain.stderr);
      expect(coloured.stdout).to.equal(plain.stdout);
    });

    it("on a terminal (a pseudo-terminal here) it is on, and NO_COLOR turns it off", function () {
      this.timeout(60_000);
      // Python's pty module gives the command a real terminal for stdout and stderr alike.
      const onTerminal = (env: Record<string, string>) =>
        execFileSync(
          "python3",
          [
            "-c",
            [
              "import os, pty, sys",
              "pid, fd = pty.fork()",
              "if pid == 0: os.execv(sys.argv[1], sys.argv[1:])",
              "out = b''",
              "while True:",
              "    try: data = os.read(fd, 65536)",
              "    except OSError: break",
              "    if not data: break",
              "    out += data",
              "os.waitpid(pid, 0)",
              "sys.stdout.buffer.write(out)",
            ].join("\n"),
            process.execPath,
            MAIN,
            "check",
            ".",
          ],
          { cwd: root, env: { PATH: process.env.PATH ?? "", TERM: "xterm-256color", ...env }, encoding: "utf8" },
        );
      const root = WARNS();
      expect(onTerminal({})).to.contain(`${ESC}1m${ESC}33mwarning`);
      expect(onTerminal({ NO_COLOR: "1" })).to.not.contain(ESC);
    });
  });

  describe("check --format sarif", () => {
    const sarifValidator = () => {
      const schema = JSON.parse(fs.readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
      // The schema's patterns are ECMAScript without the u flag (one is not valid with it).
      const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
      addFormats(ajv);
      return ajv.compile(schema);
    };

    it("is a SARIF 2.1.0 log that the SARIF JSON schema accepts, alone on stdout, with the exit code of the check", async () => {
      const run = await cli(["check", "broken-stacks", "--format", "sarif"], FIXTURES);
      expect([run.code, run.stderr]).to.deep.equal([1, ""]);
      const log = JSON.parse(run.stdout) as Log;
      const validate = sarifValidator();
      expect(validate(log), JSON.stringify(validate.errors, null, 2)).to.equal(true);
      expect([log.version, log.$schema, log.runs.length]).to.deep.equal(["2.1.0", "https://json.schemastore.org/sarif-2.1.0.json", 1]);
    });

    it("has a rule per lint rule and per code in the results, each with its help page; results point at regions", async () => {
      const run = await cli(["check", "broken-stacks", "--format", "sarif"], FIXTURES);
      const [sarif] = (JSON.parse(run.stdout) as Log).runs;
      const rules = sarif.tool.driver.rules ?? [];
      expect(sarif.tool.driver.name).to.equal("iam-syncr");
      expect(rules.slice(0, LINT_RULES.length).map((r) => r.id)).to.deep.equal(LINT_RULES.map((r) => r.code));
      expect(rules.find((r) => r.id === "IAM103")).to.deep.equal({
        id: "IAM103",
        shortDescription: { text: "an action that its service does not have" },
        helpUri: `${DOCS_BASE_URL}rules/IAM103.md`,
        help: { text: `an action that its service does not have. See ${DOCS_BASE_URL}rules/IAM103.md` },
        defaultConfiguration: { level: "warning" },
        properties: { tags: ["lint"] },
      });
      expect(rules.find((r) => r.id === "E0001")?.helpUri).to.equal(`${DOCS_BASE_URL}diagnostics.md#e0001`);
      expect(rules.find((r) => r.id === "E0001")?.shortDescription).to.deep.equal({ text: 'unknown key "<key>"' });
      const result = sarif.results!.find((r) => r.ruleId === "IAM103")!;
      expect(result).to.deep.equal({
        ruleId: "IAM103",
        ruleIndex: rules.findIndex((r) => r.id === "IAM103"),
        level: "warning",
        message: { text: 'roles.deployer.allow_permission[0].action[2]: unknown action "s3:GetObjekt"; did you mean "s3:GetObject"?' },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: "broken-stacks/shared/roles.yaml" }, region: { startLine: 12, startColumn: 52, endLine: 12, endColumn: 64 } },
            logicalLocations: [{ fullyQualifiedName: "roles.deployer.allow_permission[0].action[2]" }],
          },
        ],
      });
      expect(sarif.results!.map((r) => r.ruleId)).to.have.length(16);
    });

    it("a suppressed finding is a result with an in-source suppression and its reason", async () => {
      const root = writeStacks({
        files: { "sandbox/roles.yaml": "roles:\n  web:\n    allow_to_assume_me: {service: ec2}\n    allow_permission: {action: '*', resource: '*'}  # iam-syncr: ignore IAM105 break-glass\n" },
      });
      const run = await cli(["check", ".", "--format", "sarif"], root);
      const log = JSON.parse(run.stdout) as Log;
      const validate = sarifValidator();
      expect(validate(log), JSON.stringify(validate.errors)).to.equal(true);
      expect(run.code).to.equal(0);
      expect(log.runs[0].results!.map((r) => [r.ruleId, r.suppressions])).to.deep.equal([["IAM105", [{ kind: "inSource", justification: "break-glass" }]]]);
    });
  });

  describe("start-up: a command loads only what it uses", () => {
    /** The files a run of the built command loaded (Node's module cache once it is done), relative to the repository. */
    function loadedBy(args: string[]): string[] {
      const script = [
        `const main = require(${JSON.stringify(RUN)}).main;`,
        `main(${JSON.stringify(args)}, { stdout() {}, stderr() {}, cwd: ${JSON.stringify(REPO)} }).then(() => {`,
        "  process.stdout.write(JSON.stringify(Object.keys(require.cache)));",
        "});",
      ].join("\n");
      const files = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: REPO, encoding: "utf8" })) as string[];
      return files.map((file) => path.relative(REPO, file));
    }

    it("compile and check load neither the AWS SDK, Pulumi nor ajv's compiler: the validators were generated at build time", () => {
      for (const args of [["compile", "stacks/example"], ["check", "stacks"]]) {
        const files = loadedBy(args);
        expect(files, args[0]).to.include("bin/compiler/schema/validators.generated.js");
        const heavy = files.filter((f) => /^node_modules\/(@aws-sdk|@smithy|@pulumi)\/|^node_modules\/ajv\/dist\/(core|2020|compile\/)|^bin\/adopt\/|compile-validators/.test(f));
        expect(heavy, args[0]).to.deep.equal([]);
      }
    });

    it("check judges actions from the build's index of action names, without loading the data set's files", () => {
      const files = loadedBy(["check", "stacks"]);
      expect(files).to.include("bin/compiler/lint/action-catalog.js");
      expect(files.filter((f) => f.startsWith("node_modules/@cloud-copilot/"))).to.deep.equal([]);
    });

    it("--help loads commander and the command declarations, not the compiler", () => {
      const files = loadedBy(["--help"]);
      expect(files.some((f) => f.startsWith("node_modules/commander/"))).to.equal(true);
      expect(files.filter((f) => f.startsWith("bin/compiler/") || f.startsWith("node_modules/js-yaml/"))).to.deep.equal([]);
    });
  });
});
