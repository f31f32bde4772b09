/**
 * DIALECT.md §1.1–1.3: the stacks root, the account folder, and which files are read in which order.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { compileAccount, type Diagnostic } from "../../compiler";
import { compileIn, errorsOf, oneLine, planOf, writeStacks } from "../support/stacks";

const TRUST = "allow_to_assume_me: {service: ec2}";
const role = (name: string) => `roles:\n  ${name}: {${TRUST}}\n`;
const lines = (diagnostics: Diagnostic[]) => diagnostics.map(oneLine);

describe("DIALECT.md §1 layout and file discovery", () => {
  describe("1.2 account name and folder", () => {
    it("1.2 the folder's name is the account name and A is its id", () => {
      const root = writeStacks({ files: { "live/roles.yaml": role("web") } });
      const plan = planOf(compileIn(root, "live"));
      expect(plan.account).to.deep.equal({ name: "live", id: "210987654321" });
    });

    it("1.2 a folder name missing from accounts.yaml is an error listing the known accounts", () => {
      const root = writeStacks({ files: { "staging/roles.yaml": role("web") } });
      expect(lines(errorsOf(compileIn(root, "staging")))).to.deep.equal([
        'accounts.yaml::: error: : account "staging" is not in accounts.yaml; known accounts: live (210987654321), sandbox (012345678901), shared (098765432101) [E1015]',
      ]);
    });

    it("1.2 an account name close to a known one gets a suggestion", () => {
      const root = writeStacks({ files: { "sandbx/roles.yaml": role("web") } });
      const [d] = errorsOf(compileIn(root, "sandbx"));
      expect(d.code).to.equal("E1015");
      expect(d.message).to.match(/; did you mean "sandbox"\?$/);
    });

    it("1.2 a missing account folder is an error", () => {
      const root = writeStacks({ files: { "live/roles.yaml": role("web") } });
      expect(lines(errorsOf(compileIn(root, "sandbox")))).to.deep.equal([
        '::: error: : account folder "sandbox" does not exist [E1009]',
      ]);
    });

    it("1.2 an account 'folder' that is a file is an error", () => {
      const root = writeStacks({ files: { sandbox: role("web") } });
      expect(lines(errorsOf(compileIn(root, "sandbox")))).to.deep.equal([
        '::: error: : account folder "sandbox" is not a folder [E1009]',
      ]);
    });

    it("1.1 a missing accounts.yaml is an error naming it", () => {
      const root = writeStacks({ accounts: null, files: { "sandbox/roles.yaml": role("web") } });
      expect(lines(errorsOf(compileIn(root, "sandbox")))).to.deep.equal([
        "::: error: : accounts file accounts.yaml does not exist [E1011]",
      ]);
    });
  });

  describe("1.3 files read", () => {
    it("1.3 reads every .yaml and .yml file at any depth", () => {
      const root = writeStacks({
        files: {
          "sandbox/roles.yaml": role("top"),
          "sandbox/ci/runners.yml": role("runner"),
          "sandbox/a/b/c/deep.yaml": role("deep"),
        },
      });
      expect(Object.keys(planOf(compileIn(root)).roles)).to.deep.equal(["deep", "runner", "top"]);
    });

    it("1.3 a file that defines only removals is enough", () => {
      const root = writeStacks({ files: { "sandbox/old.yaml": "remove_roles: [legacy]\n" } });
      const plan = planOf(compileIn(root));
      expect(plan.roles).to.deep.equal({});
      expect(plan.removedRoles).to.deep.equal(["legacy"]);
    });

    it("1.3 only lower-case .yaml/.yml names are read; other files are ignored, whatever they hold", () => {
      const broken = "roles: [this is: not valid\n";
      const root = writeStacks({
        files: {
          "sandbox/roles.yaml": role("web"),
          "sandbox/UPPER.YAML": broken,
          "sandbox/mixed.Yml": broken,
          "sandbox/notes.md": broken,
          "sandbox/data.json": broken,
          "sandbox/roles.yaml.bak": broken,
          "sandbox/roles.yaml~": broken,
          "sandbox/yaml": broken,
        },
      });
      const result = compileIn(root);
      expect(lines(result.diagnostics)).to.deep.equal([]);
      expect(Object.keys(planOf(result).roles)).to.deep.equal(["web"]);
    });

    it("1.3 hidden files named *.yaml are regular files and are read", () => {
      const root = writeStacks({ files: { "sandbox/.hidden.yaml": role("hidden"), "sandbox/.dir/x.yml": role("inhidden") } });
      expect(Object.keys(planOf(compileIn(root)).roles)).to.deep.equal(["hidden", "inhidden"]);
    });

    it("1.3 files of other account folders and of the stacks root are not read", () => {
      const root = writeStacks({
        files: { "sandbox/roles.yaml": role("web"), "live/roles.yaml": role("other"), "stray.yaml": role("stray") },
      });
      expect(Object.keys(planOf(compileIn(root)).roles)).to.deep.equal(["web"]);
    });

    it("1.3 no .yaml/.yml file below the folder is an error", () => {
      const root = writeStacks({ files: { "sandbox/README.md": "hello\n", "sandbox/sub/x.json": "{}\n" } });
      expect(lines(errorsOf(compileIn(root)))).to.deep.equal([
        "::: error: : no .yaml or .yml file below sandbox; an empty stack would delete everything it manages [E1010]",
      ]);
    });

    it("1.3 an empty account folder is an error", () => {
      const root = writeStacks({ files: { "live/roles.yaml": role("web") } });
      fs.mkdirSync(path.join(root, "sandbox"));
      expect(errorsOf(compileIn(root)).map((d) => d.code)).to.deep.equal(["E1010"]);
    });
  });

  describe("1.3 symbolic links are not followed", () => {
    it("1.3 a linked file is not read, and each skipped link is reported as warning W0001", function () {
      const root = writeStacks({
        files: { "sandbox/roles.yaml": role("web"), "elsewhere/extra.yaml": role("linkedfile"), "elsewhere/sub/more.yaml": role("linkeddir") },
      });
      try {
        fs.symlinkSync(path.join(root, "elsewhere/extra.yaml"), path.join(root, "sandbox/link.yaml"));
        fs.symlinkSync(path.join(root, "elsewhere/sub"), path.join(root, "sandbox/linked-folder"));
      } catch {
        this.skip(); // a file system without symbolic links
      }
      const result = compileIn(root);
      expect(Object.keys(planOf(result).roles)).to.deep.equal(["web"]);
      expect(lines(result.diagnostics)).to.deep.equal([
        "::: warning: : symbolic link sandbox/link.yaml is not followed [W0001]",
        "::: warning: : symbolic link sandbox/linked-folder is not followed [W0001]",
      ]);
      expect(planOf(result).warnings.map((w) => w.message)).to.deep.equal([
        "symbolic link sandbox/link.yaml is not followed",
        "symbolic link sandbox/linked-folder is not followed",
      ]);
    });

    it("1.3 a folder holding only a link to YAML has no file: error (the link is still reported)", function () {
      const root = writeStacks({ files: { "elsewhere/roles.yaml": role("web") } });
      fs.mkdirSync(path.join(root, "sandbox"));
      try {
        fs.symlinkSync(path.join(root, "elsewhere/roles.yaml"), path.join(root, "sandbox/roles.yaml"));
      } catch {
        this.skip();
      }
      expect(lines(errorsOf(compileIn(root)))).to.deep.equal([
        "::: error: : no .yaml or .yml file below sandbox; an empty stack would delete everything it manages [E1010]",
        "::: warning: : symbolic link sandbox/roles.yaml is not followed [W0001]",
      ]);
    });

    it("1.3 an account folder that is itself a symbolic link is not followed: an error (check skips it with W0001)", function () {
      const root = writeStacks({ files: { "elsewhere/roles.yaml": role("web") } });
      try {
        fs.symlinkSync(path.join(root, "elsewhere"), path.join(root, "sandbox"));
      } catch {
        this.skip();
      }
      const expected = ['::: error: : account folder "sandbox" is a symbolic link, which is not followed (DIALECT.md 1.3) [E1009]'];
      expect(lines(errorsOf(compileIn(root)))).to.deep.equal(expected);
      // The same with the trailing slash a shell completes a folder name with.
      expect(lines(errorsOf(compileAccount({ accountFolder: "sandbox/", cwd: root })))).to.deep.equal(expected);
    });

    it("1.3 a link loop does not hang or crash", function () {
      const root = writeStacks({ files: { "sandbox/roles.yaml": role("web") } });
      try {
        fs.symlinkSync(path.join(root, "sandbox"), path.join(root, "sandbox/loop"));
      } catch {
        this.skip();
      }
      const result = compileIn(root);
      expect(Object.keys(planOf(result).roles)).to.deep.equal(["web"]);
      expect(result.diagnostics.map((d) => d.code)).to.deep.equal(["W0001"]);
    });
  });

  describe("1.3 configuration order", () => {
    it("1.3 files are ordered by their relative path with '/', compared by code point (not per folder, not by UTF-16)", () => {
      // '-' (U+002D) < '.' (U+002E) < '/' (U+002F): a walk that sorts each folder would put a/z.yaml first.
      // U+FF5A < U+1F600, while in UTF-16 the surrogate D83D sorts before FF5A.
      const names = ["😀.yaml", "a/z.yaml", "ｚ.yaml", "a.yaml", "B.yaml", "a-b.yaml"];
      const files: Record<string, string> = {};
      for (const name of names) files[`sandbox/${name}`] = "# the role\n" + role("web");
      const diagnostics = errorsOf(compileIn(writeStacks({ files })));
      // spec silent: the "defined more than once" message lists the locations in configuration order.
      expect(diagnostics[0].message).to.equal(
        'role "web" is defined more than once: sandbox/B.yaml:3, sandbox/a-b.yaml:3, sandbox/a.yaml:3, sandbox/a/z.yaml:3, sandbox/ｚ.yaml:3, sandbox/😀.yaml:3',
      );
      // The first one in configuration order is the definition; each later one is reported (11.2 sorts them).
      expect(diagnostics.map((d) => d.file)).to.deep.equal([
        "sandbox/a-b.yaml",
        "sandbox/a.yaml",
        "sandbox/a/z.yaml",
        "sandbox/ｚ.yaml",
        "sandbox/😀.yaml",
      ]);
    });

    it("13.4 the plan does not depend on the order in which files were created", () => {
      const a = { "sandbox/b.yaml": role("bravo"), "sandbox/a.yaml": role("alpha"), "sandbox/c/x.yml": "remove_roles: [zulu, yankee]\n" };
      const b = { "sandbox/c/x.yml": "remove_roles: [zulu, yankee]\n", "sandbox/a.yaml": role("alpha"), "sandbox/b.yaml": role("bravo") };
      const first = JSON.stringify(planOf(compileIn(writeStacks({ files: a }))));
      const second = JSON.stringify(planOf(compileIn(writeStacks({ files: b }))));
      expect(second).to.equal(first);
    });
  });

  describe("1.4 files that cannot be read as text", () => {
    it("11.3 a file that is not UTF-8 is an error naming the file, not a crash", () => {
      const root = writeStacks({ files: { "sandbox/roles.yaml": Buffer.from([0x72, 0x6f, 0x6c, 0x65, 0x73, 0x3a, 0x20, 0xff, 0x0a]) } });
      const [d, ...rest] = errorsOf(compileIn(root));
      expect(rest).to.deep.equal([]);
      expect(d.file).to.equal("sandbox/roles.yaml");
      expect(d.severity).to.equal("error");
      expect(d.message).to.equal("the file is not UTF-8 text (invalid byte sequence at byte 7)");
    });
  });
});
