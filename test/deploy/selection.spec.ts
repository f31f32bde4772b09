/**
 * Which accounts `--stacks` and `--changed-since <ref>` select (deploy/selection.ts, docs/run-all.md), against a
 * temporary git repository whose stacks root lives in a subfolder, as in a real project. No engine.
 */
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileStacksRoot, type Plan } from "../../compiler";
import { changedSince, parseStacksOption, SelectionError, touchedBy } from "../../deploy/selection";

const ACCOUNTS = ["app", "data", "tools"];
const ROLE = (name: string) => `roles:\n  ${name}:\n    allow_to_assume_me: {service: ec2}\n`;
const SHARED = (description: string, comment = "") =>
  `${comment}roles:\n  auditor:\n    accounts: [app]\n    description: ${description}\n    allow_to_assume_me: {service: ec2}\n`;

const repositories: string[] = [];
after(() => repositories.forEach((folder) => fs.rmSync(folder, { recursive: true, force: true })));

/** A repository with main at the initial stacks, a branch `work` checked out, and the stacks root `infra/stacks`. */
function repository(): { repo: string; root: string; write(file: string, text: string): void; commit(message: string): void } {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-changed-"));
  repositories.push(repo);
  const root = path.join(repo, "infra", "stacks");
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "pipe", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } });
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  git("init", "-q", "-b", "main");
  write("accounts.yaml", 'app: "111111111111"\ndata: "222222222222"\ntools: "333333333333"\n');
  write("_shared/roles.yaml", SHARED("audits"));
  for (const account of ACCOUNTS) write(`${account}/roles.yaml`, ROLE(`${account}-role`));
  fs.writeFileSync(path.join(repo, "README.md"), "outside the stacks root\n");
  git("add", "-A");
  git("commit", "-q", "-m", "stacks");
  git("checkout", "-q", "-b", "work");
  return {
    repo,
    root,
    write,
    commit: (message) => {
      git("add", "-A");
      git("commit", "-q", "-m", message);
    },
  };
}

function plansOf(root: string): Map<string, Plan> {
  return new Map(compileStacksRoot({ root, cwd: root }).compiled.filter((c) => c.plan !== undefined).map((c) => [c.name, c.plan!]));
}

async function selected(root: string, ref = "main"): Promise<Record<string, string>> {
  return Object.fromEntries((await changedSince(root, ref, ACCOUNTS, plansOf(root))).accounts);
}

describe("selecting the accounts to run", () => {
  describe("--stacks", () => {
    it("names account folders of the root, separated by commas", () => {
      expect([...parseStacksOption("tools, app", ACCOUNTS)]).to.deep.equal(["tools", "app"]);
    });

    it("an unknown name or an empty item is an error naming the accounts, with a suggestion", () => {
      expect(() => parseStacksOption("app,tols", ACCOUNTS)).to.throw(
        SelectionError,
        '--stacks: "tols" is not an account folder of the stacks root (app, data, tools); did you mean "tools"?',
      );
      expect(() => parseStacksOption("app,,data", ACCOUNTS)).to.throw(SelectionError, '--stacks takes account names separated by commas; found "app,,data"');
    });
  });

  describe("what changed files touch", () => {
    it("an account's folder, _shared, accounts.yaml; nothing else", () => {
      expect(touchedBy(["app/roles.yaml", "app/ci/x.yml", "_shared/a.yaml", "iam-syncr.yaml", "README.md", "gone/roles.yaml", "_archive/x.yaml"], ACCOUNTS)).to.deep.equal({
        accounts: new Set(["app"]),
        shared: true,
        accountsFile: false,
      });
      expect(touchedBy(["accounts.yaml"], ACCOUNTS)).to.deep.equal({ accounts: new Set(), shared: false, accountsFile: true });
    });
  });

  describe("--changed-since, against a git repository", () => {
    it("nothing changed: nothing selected, and the base is the commit the branch left main at", async () => {
      const { root, repo } = repository();
      const changed = await changedSince(root, "main", ACCOUNTS, plansOf(root));
      expect(changed.base).to.equal(execFileSync("git", ["rev-parse", "main"], { cwd: repo, encoding: "utf8" }).trim());
      expect([...changed.accounts]).to.deep.equal([]);
    });

    it("an account whose folder has a changed file, committed, staged, unstaged or untracked", async () => {
      const { root, write, commit } = repository();
      write("data/roles.yaml", ROLE("data-role-2"));
      commit("data");
      write("tools/ci/new.yaml", ROLE("tools-ci")); // untracked
      expect(await selected(root)).to.deep.equal({ data: "its folder changed", tools: "its folder changed" });
    });

    it("a comment in an account's folder selects it too: the folder rule is by file", async () => {
      const { root, write } = repository();
      write("app/roles.yaml", `# a comment\n${ROLE("app-role")}`);
      expect(await selected(root)).to.deep.equal({ app: "its folder changed" });
    });

    it("_shared: only the accounts whose plan the change changes; a comment there selects nothing", async () => {
      const { root, write } = repository();
      write("_shared/roles.yaml", SHARED("audits", "# who audits\n"));
      expect(await selected(root)).to.deep.equal({});
      write("_shared/roles.yaml", SHARED("audits everything"));
      expect(await selected(root)).to.deep.equal({ app: "_shared changes its plan" });
    });

    it("accounts.yaml: the accounts whose plan changes (a new id), not the others", async () => {
      const { root, write } = repository();
      write("accounts.yaml", '# the accounts\napp: "111111111111"\ndata: "222222222222"\ntools: "444444444444"\n');
      expect(await selected(root)).to.deep.equal({ tools: "accounts.yaml changes its plan" });
    });

    it("a new account (no plan at the base) is selected by its folder; a change of main after the branch left it is not this branch's", async () => {
      const { root, write, commit, repo } = repository();
      execFileSync("git", ["checkout", "-q", "main"], { cwd: repo });
      write("data/roles.yaml", ROLE("data-on-main"));
      commit("main moves on");
      execFileSync("git", ["checkout", "-q", "work"], { cwd: repo });
      expect(await selected(root)).to.deep.equal({});

      write("accounts.yaml", 'app: "111111111111"\ndata: "222222222222"\ntools: "333333333333"\nweb: "555555555555"\n');
      write("web/roles.yaml", ROLE("web-role"));
      const withWeb = await changedSince(root, "main", [...ACCOUNTS, "web"], plansOf(root));
      expect(Object.fromEntries(withWeb.accounts)).to.deep.equal({ web: "its folder changed" });
    });

    it("files outside the stacks root select nothing", async () => {
      const { root, repo } = repository();
      fs.writeFileSync(path.join(repo, "README.md"), "changed\n");
      fs.writeFileSync(path.join(repo, "Pulumi.app.yaml"), "config: {}\n");
      fs.writeFileSync(path.join(root, "iam-syncr.yaml"), "rules: {}\n");
      expect(await selected(root)).to.deep.equal({});
    });

    it("a ref git does not know is one line saying so", async () => {
      const { root } = repository();
      let error: unknown;
      await changedSince(root, "origin/nope", ACCOUNTS, plansOf(root)).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(SelectionError);
      expect((error as Error).message).to.match(
        /^--changed-since origin\/nope: git finds no commit where HEAD left origin\/nope \(is it fetched\? a shallow clone needs fetch-depth: 0\): fatal: Not a valid object name origin\/nope$/,
      );
    });
  });
});
