/**
 * Hostile input (issue 5): alias bombs, deep nesting, a 50 MB file, binary garbage, symbolic link loops, files
 * that are not UTF-8, and a few more that attack the compiler's resources. Each must give a clear diagnostic,
 * asserted exactly with its file, within bounded time and memory. The bounds are robustness guards, far above
 * what the compiler needs (the measured figures are printed with each case): they fail only on a real blow-up,
 * such as an alias expanded instead of refused or a large file read instead of refused. Speed goals live in
 * `npm run bench`.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Diagnostic } from "../../compiler";
import { writeStacks } from "../support/stacks";
import { IsolatedCompiler, type Measured } from "./isolated-compile";
import { firstUtf8Error } from "./utf8";

const MIB = 1024 * 1024;

interface Bounds {
  ms: number;
  memoryMiB: number;
}

/** For inputs that must be refused before any real work: about a hundred times what they take. */
const REFUSED: Bounds = { ms: 2000, memoryMiB: 64 };

type Expected = Omit<Diagnostic, "severity"> & { severity?: Diagnostic["severity"] };

const error = (
  code: string,
  file: string,
  message: string,
  at: { line?: number; column?: number; endLine?: number; endColumn?: number; path?: string } = {},
): Expected => ({
  severity: "error",
  code,
  file,
  ...(at.line !== undefined && { line: at.line }),
  ...(at.column !== undefined && { column: at.column }),
  ...(at.endLine !== undefined && { endLine: at.endLine }),
  ...(at.endColumn !== undefined && { endColumn: at.endColumn }),
  ...(at.path !== undefined && { path: at.path }),
  message,
});

const compiler = new IsolatedCompiler();

/** Writes a stacks root (accounts.yaml and `files`), compiles `sandbox` with the root as current directory. */
async function compileHostile(files: Record<string, string | Buffer>, setup?: (root: string) => void): Promise<Measured> {
  const root = writeStacks({ files });
  setup?.(root);
  return compiler.compile({ accountFolder: path.join(root, "sandbox"), cwd: root });
}

function expectWithin(measured: Measured, bounds: Bounds, title: string): void {
  const memory = Math.max(measured.peakRssGrowth, measured.heapGrowth);
  // Shown with the test, so that the margin is visible in CI logs.
  process.stdout.write(`        ${title}: ${measured.ms.toFixed(0)} ms, peak memory +${(memory / MIB).toFixed(1)} MiB (bounds ${bounds.ms} ms, ${bounds.memoryMiB} MiB)\n`);
  expect(measured.ms, "compile time (ms)").to.be.below(bounds.ms);
  expect(memory / MIB, "peak memory growth (MiB)").to.be.below(bounds.memoryMiB);
}

function expectDiagnostics(measured: Measured, expected: Expected[]): void {
  expect(measured.result.ok).to.equal(expected.every((d) => d.severity !== "error"));
  expect(measured.result.diagnostics).to.deep.equal(expected);
}

/** A YAML list of `width` items, each an alias of the previous level: `width ** levels` values once expanded. */
function laughs(levels: number, width: number, indent: string, key: (level: number) => string): string {
  let text = `${indent}${key(0)}: &l0 [${Array(width).fill('"lol"').join(", ")}]\n`;
  for (let level = 1; level < levels; level++) text += `${indent}${key(level)}: &l${level} [${Array(width).fill(`*l${level - 1}`).join(", ")}]\n`;
  return text;
}

describe("hostile input: clear diagnostics within bounded time and memory", function () {
  // Generous: the first case also starts the worker and loads the compiler through ts-node.
  this.timeout(60_000);
  after(() => compiler.stop());

  describe("YAML alias bombs", () => {
    it('"billion laughs": nine levels of nine aliases (9^9 values) are refused, not expanded', async () => {
      const measured = await compileHostile({ "sandbox/bomb.yaml": laughs(9, 9, "", (level) => `l${level}`) });
      // Written: the document and its nine lists. The limit is what a file writes plus a million.
      expectDiagnostics(measured, [
        error("E1008", "sandbox/bomb.yaml", "aliases expand this document to more than 1,000,010 values while it writes 10; refusing to read it"),
      ]);
      expectWithin(measured, REFUSED, "billion laughs");
    });

    it("a bomb hidden in templates and detonated in a role's statement is refused the same way", async () => {
      let text = "templates:\n";
      for (let level = 0; level < 9; level++) {
        const items = level === 0 ? Array(9).fill("lol") : Array(9).fill(`*l${level - 1}`);
        text += `  t${level}: {tags: &l${level} [${items.join(", ")}]}\n`;
      }
      text += 'roles:\n  web:\n    allow_permission: {action: *l8, resource: "*"}\n';
      const measured = await compileHostile({ "sandbox/roles.yaml": text });
      expectDiagnostics(measured, [
        error("E1008", "sandbox/roles.yaml", "aliases expand this document to more than 1,000,023 values while it writes 23; refusing to read it"),
      ]);
      expectWithin(measured, REFUSED, "bomb in a statement");
    });

    it("an expansion just under the limit (8^6 = 262,144 values) is read, and its 9 MB document refused by size", async () => {
      let text = "templates:\n";
      for (let level = 0; level < 6; level++) {
        const items = level === 0 ? Array(8).fill("lol") : Array(8).fill(`*l${level - 1}`);
        text += `  t${level}: {description: &l${level} [${items.join(", ")}]}\n`;
      }
      text += 'roles:\n  web:\n    allow_to_assume_me: {service: ec2}\n    allow_permission: {action: "s3:*", resource: "*", Condition: {StringEquals: {k: *l5}}}\n';
      const measured = await compileHostile({ "sandbox/roles.yaml": text });
      expectDiagnostics(measured, [
        error("E9101", "sandbox/roles.yaml", "inline policy is 9,228,740 characters, limit 131,072", { line: 9, column: 3, endLine: 9, endColumn: 6, path: "roles.web" }),
      ]);
      // The whole expansion is walked (copied into the document, then measured): bounded, but not free.
      expectWithin(measured, { ms: 5000, memoryMiB: 256 }, "expansion under the limit");
    });
  });

  describe("deeply nested structures", () => {
    it("10,000 nested flow lists stop at the nesting limit, with its position", async () => {
      const measured = await compileHostile({ "sandbox/roles.yaml": `roles:\n  web:\n    tags: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n` });
      expectDiagnostics(measured, [error("E1004", "sandbox/roles.yaml", "YAML: nesting exceeded maxDepth (64)", { line: 3, column: 72 })]);
      expectWithin(measured, REFUSED, "nested lists");
    });

    it("10,000 nested flow mappings stop at the nesting limit, with its position", async () => {
      const measured = await compileHostile({ "sandbox/roles.yaml": `roles:\n  web:\n    tags: ${"{a: ".repeat(10_000)}x${"}".repeat(10_000)}\n` });
      expectDiagnostics(measured, [error("E1004", "sandbox/roles.yaml", "YAML: nesting exceeded maxDepth (64)", { line: 3, column: 252 })]);
      expectWithin(measured, REFUSED, "nested mappings");
    });

    it("1,000 levels of block indentation stop at the nesting limit, with its position", async () => {
      let text = "roles:\n";
      for (let level = 0; level < 1000; level++) text += `${" ".repeat(2 + level)}k${level}:\n`;
      const measured = await compileHostile({ "sandbox/roles.yaml": text });
      expectDiagnostics(measured, [error("E1004", "sandbox/roles.yaml", "YAML: nesting exceeded maxDepth (64)", { line: 64, column: 65 })]);
      expectWithin(measured, REFUSED, "nested blocks");
    });

    it("nesting just inside the limit (55 levels in a Condition) compiles: no stack is exhausted", async () => {
      const condition = `${"{a: ".repeat(55)}x${"}".repeat(55)}`;
      const measured = await compileHostile({
        "sandbox/roles.yaml": `roles:\n  web:\n    allow_to_assume_me: {service: ec2}\n    allow_permission: {action: "s3:*", resource: "*", Condition: {StringEquals: {k: ${condition}}}}\n`,
      });
      expectDiagnostics(measured, []);
      expectWithin(measured, REFUSED, "nesting inside the limit");
    });
  });

  describe("a 50 MB file", () => {
    it("is refused by its size before it is read", async () => {
      // Real YAML (roles), so that a missing size check would show as parse time and memory, not as a quick error.
      const size = 50 * MIB;
      const parts = ["roles:\n"];
      let length = parts[0].length;
      for (let i = 0; length < size - 200; i++) {
        const role = `  role-${i}:\n    allow_permission: {action: "s3:GetObject", resource: "*"}\n`;
        parts.push(role);
        length += role.length;
      }
      parts.push(`${"#".repeat(size - length - 1)}\n`);
      const text = parts.join("");
      expect(Buffer.byteLength(text)).to.equal(size);
      const measured = await compileHostile({ "sandbox/big.yaml": text });
      expectDiagnostics(measured, [error("E1003", "sandbox/big.yaml", "the file is 52,428,800 bytes; the limit is 33,554,432 bytes")]);
      // Reading it would take 50 MiB for the bytes and 100 MiB for the text.
      expectWithin(measured, { ms: 2000, memoryMiB: 32 }, "50 MB file");
    });
  });

  describe("binary garbage", () => {
    /** Deterministic noise: a linear congruential generator, so the expected offset is fixed. */
    function noise(length: number, seed: number): Buffer {
      const bytes = Buffer.alloc(length);
      let x = seed;
      for (let i = 0; i < length; i++) {
        x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
        bytes[i] = (x >> 16) & 0xff;
      }
      return bytes;
    }

    for (const seed of [1, 2, 3]) {
      it(`64 KiB of random bytes (seed ${seed}) are "not UTF-8", at the first byte a decoder rejects`, async () => {
        const bytes = noise(64 * 1024, seed);
        const offset = firstUtf8Error(bytes);
        expect(offset, "the noise is not valid UTF-8").to.not.equal(undefined);
        const measured = await compileHostile({ "sandbox/garbage.yaml": bytes });
        expectDiagnostics(measured, [error("E1002", "sandbox/garbage.yaml", `the file is not UTF-8 text (invalid byte sequence at byte ${offset})`)]);
        expectWithin(measured, REFUSED, `random bytes, seed ${seed}`);
      });
    }

    it("a PNG image named .yaml is not UTF-8 at byte 0", async () => {
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
      const measured = await compileHostile({ "sandbox/image.yaml": png });
      expectDiagnostics(measured, [error("E1002", "sandbox/image.yaml", "the file is not UTF-8 text (invalid byte sequence at byte 0)")]);
      expectWithin(measured, REFUSED, "PNG");
    });

    it("valid UTF-8 made of control characters is a YAML error at the first one", async () => {
      const measured = await compileHostile({ "sandbox/control.yaml": Buffer.from("roles:\n  web: {}\n\u0000\u0001\u0002\u0003") });
      expectDiagnostics(measured, [error("E1004", "sandbox/control.yaml", "YAML: null byte is not allowed in input", { line: 3, column: 1 })]);
      expectWithin(measured, REFUSED, "control characters");
    });
  });

  describe("symbolic link loops in the stacks folder", () => {
    it("links to the account folder itself, to its parent, to themselves and to each other are reported, not followed", async function () {
      if (process.platform === "win32") this.skip();
      const measured = await compileHostile({ "sandbox/roles.yaml": "roles:\n  web:\n    allow_to_assume_me: {service: ec2}\n", "sandbox/deep/notes.txt": "" }, (root) => {
        const folder = path.join(root, "sandbox");
        fs.symlinkSync(".", path.join(folder, "loop"));
        fs.symlinkSync("..", path.join(folder, "up"));
        fs.symlinkSync("../..", path.join(folder, "deep", "back"));
        fs.symlinkSync("self.yaml", path.join(folder, "self.yaml"));
        fs.symlinkSync("b.yaml", path.join(folder, "a.yaml"));
        fs.symlinkSync("a.yaml", path.join(folder, "b.yaml"));
        fs.symlinkSync("roles.yaml", path.join(folder, "again.yml"));
        // Neither a folder nor a YAML name: skipped without a word.
        fs.symlinkSync("nowhere", path.join(folder, "dangling"));
        // Loops in the stacks root are never read at all.
        fs.symlinkSync(".", path.join(root, "root-loop"));
      });
      const skipped = (link: string): Expected => ({ severity: "warning", code: "W0001", message: `symbolic link ${link} is not followed` });
      // W0001 names the link in its message; it has no file part of its own.
      expectDiagnostics(
        measured,
        ["sandbox/a.yaml", "sandbox/again.yml", "sandbox/b.yaml", "sandbox/deep/back", "sandbox/loop", "sandbox/self.yaml", "sandbox/up"].map(skipped),
      );
      if (measured.result.ok) expect(Object.keys(measured.result.plan.roles)).to.deep.equal(["web"]);
      expectWithin(measured, REFUSED, "symbolic link loops");
    });
  });

  describe("files that are not UTF-8", () => {
    const cases: { title: string; bytes: Buffer; expected: Expected }[] = [
      {
        title: "Latin-1: the é of Café is a lead byte, so the decoder fails on the newline after it",
        bytes: Buffer.from("roles:\n  web:\n    description: Caf\xe9\n", "latin1"),
        expected: error("E1002", "sandbox/roles.yaml", "the file is not UTF-8 text (invalid byte sequence at byte 35)"),
      },
      {
        title: "Windows-1252 curly quotes",
        bytes: Buffer.from([...Buffer.from("roles:\n  web:\n    description: "), 0x93, ...Buffer.from("quoted"), 0x94, 0x0a]),
        expected: error("E1002", "sandbox/roles.yaml", "the file is not UTF-8 text (invalid byte sequence at byte 31)"),
      },
      {
        title: "UTF-16 little-endian with its byte order mark",
        bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("roles:\n  web: {}\n", "utf16le")]),
        expected: error("E1002", "sandbox/roles.yaml", "the file is not UTF-8 text (invalid byte sequence at byte 0)"),
      },
      {
        title: "UTF-16 big-endian with its byte order mark",
        bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("roles:\n  web: {}\n", "utf16le").swap16()]),
        expected: error("E1002", "sandbox/roles.yaml", "the file is not UTF-8 text (invalid byte sequence at byte 0)"),
      },
      {
        title: "UTF-16 without a byte order mark: valid UTF-8 full of NUL bytes, refused by the YAML reader",
        bytes: Buffer.from("roles:\n  web: {}\n", "utf16le"),
        expected: error("E1004", "sandbox/roles.yaml", "YAML: null byte is not allowed in input", { line: 1, column: 2 }),
      },
    ];
    for (const { title, bytes, expected } of cases) {
      it(title, async () => {
        if (expected.code === "E1002") expect(expected.message).to.contain(`at byte ${firstUtf8Error(bytes)})`);
        const measured = await compileHostile({ "sandbox/roles.yaml": bytes });
        expectDiagnostics(measured, [expected]);
        expectWithin(measured, REFUSED, title.split(":")[0]);
      });
    }

    it("accounts.yaml in Latin-1 is reported in accounts.yaml", async () => {
      const root = writeStacks({ accounts: null, files: { "sandbox/roles.yaml": "roles:\n  web: {}\n" } });
      fs.writeFileSync(path.join(root, "accounts.yaml"), Buffer.from('sandbox: "012345678901"\ncaf\xe9: "210987654321"\n', "latin1"));
      const measured = await compiler.compile({ accountFolder: path.join(root, "sandbox"), cwd: root });
      expect(measured.result.ok).to.equal(false);
      expect(measured.result.diagnostics.filter((d) => d.severity === "error")).to.deep.equal([
        error("E1002", "accounts.yaml", "the file is not UTF-8 text (invalid byte sequence at byte 28)"),
      ]);
      expectWithin(measured, REFUSED, "accounts.yaml in Latin-1");
    });

    it("UTF-8 with a byte order mark is fine", async () => {
      const measured = await compileHostile({ "sandbox/roles.yaml": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("roles:\n  web: {allow_to_assume_me: {service: ec2}}\n")]) });
      expectDiagnostics(measured, []);
      expectWithin(measured, REFUSED, "UTF-8 with BOM");
    });
  });

  describe("other attacks on resources", () => {
    // `__proto__` is a valid IAM role name and KMS alias. A plan that lost it would make Pulumi delete the role.
    it("names __proto__, constructor and prototype are plain data: kept in the plan, nothing polluted", async () => {
      const measured = await compileHostile({
        "sandbox/roles.yaml":
          "templates:\n  __proto__: {description: from the template, allow_to_assume_me: {service: ec2}}\n" +
          "roles:\n  constructor: {use: __proto__, tags: {__proto__: x, constructor: y}}\n  __proto__: {use: __proto__}\n  prototype: {use: __proto__}\n" +
          "keys:\n  __proto__: {description: d, location: eu-west-1}\n  constructor: {description: d, location: eu-west-1}\n",
      });
      expectDiagnostics(measured, []);
      const { result } = measured;
      if (!result.ok) return;
      expect(Object.keys(result.plan.keys)).to.deep.equal(["__proto__", "constructor"]);
      const roles = new Map(Object.entries(result.plan.roles));
      expect([...roles.keys()]).to.deep.equal(["__proto__", "constructor", "prototype"]);
      expect(roles.get("constructor")?.description).to.equal("from the template");
      expect(roles.get("__proto__")?.description).to.equal("from the template");
      expect(JSON.stringify(roles.get("constructor")?.tags)).to.equal('{"__proto__":"x","constructor":"y"}');
      expect(({} as Record<string, unknown>).description).to.equal(undefined);
      expectWithin(measured, REFUSED, "__proto__ names");
    });

    it("a 20 MB scalar is read and refused by the schema with its length", async () => {
      const measured = await compileHostile({
        "sandbox/roles.yaml": `roles:\n  web:\n    allow_to_assume_me: {service: ec2}\n    description: "${"x".repeat(20 * MIB)}"\n`,
      });
      expectDiagnostics(measured, [
        error("E0003", "sandbox/roles.yaml", "expected a description of at most 1,000 characters without control characters, found 20,971,520 characters", {
          line: 4,
          column: 18,
          // The end of the quoted scalar: its 20,971,520 characters and two quotes after column 18.
          endLine: 4,
          endColumn: 18 + 20 * MIB + 2,
          path: "roles.web.description",
        }),
      ]);
      expectWithin(measured, { ms: 8000, memoryMiB: 400 }, "20 MB scalar");
    });

    it("20,000 unknown keys give 20,000 diagnostics, in bounded time and memory", async () => {
      let text = "";
      for (let i = 0; i < 20_000; i++) text += `zz${i}: 1\n`;
      const measured = await compileHostile({ "sandbox/roles.yaml": text });
      const { diagnostics } = measured.result;
      expect(measured.result.ok).to.equal(false);
      expect(diagnostics).to.have.length(20_000);
      expect(diagnostics[0]).to.deep.equal(error("E0001", "sandbox/roles.yaml", 'unknown key "zz0"', { line: 1, column: 1, endLine: 1, endColumn: 4, path: "zz0" }));
      expect(diagnostics[19_999]).to.deep.equal(error("E0001", "sandbox/roles.yaml", 'unknown key "zz19999"', { line: 20_000, column: 1, endLine: 20_000, endColumn: 8, path: "zz19999" }));
      expectWithin(measured, { ms: 8000, memoryMiB: 300 }, "20,000 unknown keys");
    });
  });
});
