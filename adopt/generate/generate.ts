/**
 * `iam-syncr generate`, end to end: what the folder declares already, the account guard (the credentials must be
 * for the folder's account, as for import-plan), the reads, the conversion, the check that the result compiles
 * back to what was read, and the files, written only when all of that is done and never over an existing file.
 * AWS failures arrive as `AwsLookupError`s; nothing is written then.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadAccounts } from "../../compiler/accounts";
import { compileAccount, type Diagnostic } from "../../compiler";
import { roleIdentity } from "../../compiler/declarations";
import { Diagnostics } from "../../compiler/diagnostics";
import { Messages } from "../../compiler/messages";
import { discoverFiles } from "../../compiler/source/discover";
import { parseSourceFile, readSourceFile } from "../../compiler/source/load";
import { SourceFile } from "../../compiler/source/source-file";
import { suggestion } from "../../compiler/suggest";
import { isMapping } from "../../compiler/values";
import type { AssumeRoleTarget } from "../../aws/assume-role";
import { deployRoleOf } from "../../pulumi/declarations";
import type { AwsClients } from "../aws-clients";
import { readCallerIdentity, type CallerIdentity } from "../aws-inventory";
import { generate, type DeclaredNames, type Generation } from "./generation";
import { layOut, type PlannedFile } from "./layout";
import type { LiveAccount } from "./live";
import { readAccount } from "./read-account";
import type { AccountDirectory } from "./specifiers";
import { NOT_COMPILING, verifyGeneration, type VerificationContext } from "./verify";

export interface GenerateOptions {
  /** `<stacks root>/<account>`; the account name is its base name. */
  readonly accountFolder: string;
  /** Default: `accounts.yaml` in the folder's parent. */
  readonly accountsFile?: string;
  /** R: the stack's default region, and the region of the keys asked for. */
  readonly region?: string;
  /** Roles whose path starts with this; default `/` (all). */
  readonly rolePathPrefix?: string;
  readonly buckets: readonly string[];
  /** Alias names without `alias/`. */
  readonly keys: readonly string[];
  /** Where the files go; default the account folder. */
  readonly outDir?: string;
  readonly mergeInlinePolicies: boolean;
  /** Paths are relative to it, and messages name files relative to it. */
  readonly cwd: string;
}

export type GenerateResult =
  /** accounts.yaml or the folder has errors: nothing was read from AWS. */
  | { readonly outcome: "invalid"; readonly diagnostics: readonly Diagnostic[] }
  | { readonly outcome: "wrong account"; readonly caller: CallerIdentity; readonly account: Account; readonly deployRoleArn: string | null }
  /** The files could not be written; those written by this run were removed again. */
  | { readonly outcome: "not written"; readonly problem: string }
  | { readonly outcome: "written"; readonly report: GenerateReport };

export interface Account {
  readonly name: string;
  readonly id: string;
}

export interface GenerateReport {
  readonly account: Account;
  readonly options: GenerateOptions;
  /** The account folder and the output folder, as the user can type them. */
  readonly accountFolder: string;
  readonly outDir: string;
  readonly files: readonly { readonly path: string; readonly entries: PlannedFile["entries"] }[];
  readonly generation: Generation;
  /** The compiler's warnings about the files written, with their paths as written. */
  readonly warnings: readonly Diagnostic[];
}

/**
 * `makeClients` is called once the folder has been checked, with the account's deploy role (accounts.yaml
 * `deploy_role`, undefined without one), and its clients are closed before the files are written.
 */
export async function generateAccount(options: GenerateOptions, makeClients: (deployRole: AssumeRoleTarget | undefined) => AwsClients): Promise<GenerateResult> {
  const { cwd } = options;
  const folder = path.resolve(cwd, options.accountFolder);
  const accountName = path.basename(folder);
  const accountsFile = options.accountsFile !== undefined ? path.resolve(cwd, options.accountsFile) : path.join(path.dirname(folder), "accounts.yaml");
  const outDir = path.resolve(cwd, options.outDir ?? options.accountFolder);
  const sharedFolder = path.join(path.dirname(folder), "_shared");

  const diagnostics = new Diagnostics();
  const accounts = loadAccounts(accountsFile, cwd, diagnostics);
  const id = accounts?.idOf(accountName);
  if (accounts !== undefined && id === undefined) {
    diagnostics.report(
      Messages.accountNotDeclared,
      { name: accountName, file: accounts.file.displayPath, known: accounts.describe(), suggestion: suggestion(accountName, accounts.names()) },
      { file: accounts.file },
    );
  }
  if (fs.existsSync(folder) && !fs.statSync(folder).isDirectory()) {
    diagnostics.report(Messages.accountFolderMissing, { folder: SourceFile.displayPathOf(folder, cwd), problem: "is not a folder" }, {});
  }
  if (accounts === undefined || id === undefined || diagnostics.hasErrors) return { outcome: "invalid", diagnostics: diagnostics.resolve() };
  const account = { name: accountName, id };

  const declared = declaredNames({ folder, accountsFile, sharedFolder, region: options.region, cwd });
  if (!declared.ok) return { outcome: "invalid", diagnostics: declared.diagnostics };

  const deployRoleArn = accounts.deployRoleOf(accountName);
  const clients = makeClients(deployRoleOf({ name: accountName, id, ...(deployRoleArn !== null && { deployRoleArn }) }));
  let live: LiveAccount;
  try {
    const caller = await readCallerIdentity(clients);
    if (caller.account !== id) return { outcome: "wrong account", caller, account, deployRoleArn };
    live = await readAccount(clients, id, {
      rolePathPrefix: options.rolePathPrefix ?? "/",
      buckets: options.buckets,
      keys: options.keys,
      keyRegion: options.region,
    });
  } finally {
    clients.destroy();
  }

  const directory: AccountDirectory = { self: id, nameOf: (other) => accounts.nameOf(other) };
  const header = [
    `Written by iam-syncr generate from account ${accountName} (${id}).`,
    "It compiles to what the account held when it was read; edit it like any other file of the folder.",
  ];
  const context: VerificationContext = {
    accountName,
    accountId: id,
    accountsText: fs.readFileSync(accountsFile, "utf8"),
    accountFolder: folder,
    sharedFolder,
    region: options.region,
  };
  const isTaken = (relative: string) => fs.existsSync(path.join(outDir, ...relative.split("/")));

  // A defect found by the verification leaves its item out; the rest is generated again without it.
  const rejected = new Map<string, string[]>();
  for (;;) {
    const generation = generate({ accounts: directory, declared: declared.names, live, mergeInlinePolicies: options.mergeInlinePolicies, rejected });
    const files = layOut(generation, header, isTaken);
    const verification = files.length === 0 ? { problems: new Map<string, string[]>(), warnings: [] } : verifyGeneration(files, generation, context);
    if (verification.problems.size === 0) {
      const written = writeFiles(outDir, files);
      if (written !== undefined) return { outcome: "not written", problem: written };
      const display = (p: string) => SourceFile.displayPathOf(p, cwd);
      return {
        outcome: "written",
        report: {
          account,
          options,
          accountFolder: display(folder),
          outDir: display(outDir),
          files: files.map((f) => ({ path: display(path.join(outDir, ...f.relativePath.split("/"))), entries: f.entries })),
          generation,
          warnings: verification.warnings.map((w) => ({ ...w, file: display(path.join(outDir, ...(w.file ?? "").split("/"))) })),
        },
      };
    }
    for (const [item, problems] of verification.problems) {
      rejected.set(item, problems.map(rejection));
    }
  }
}

/**
 * Why an item the verification rejected is left out. The compiler may reject what AWS accepted (a document over a
 * size the compiler measures after escaping, say); YAML that compiles to something else is always a defect here.
 */
function rejection(problem: string): string {
  if (problem.startsWith(NOT_COMPILING)) return `${problem} (if the dialect should accept it, please report it)`;
  return `iam-syncr generate could not write YAML that compiles back to it (${problem}); this is a defect of iam-syncr, please report it`;
}

type Declared = { ok: true; names: DeclaredNames } | { ok: false; diagnostics: readonly Diagnostic[] };

/**
 * What the folder declares, from its compiled plan (so `_shared` definitions count as well). A folder without
 * YAML files (or none at all) is compiled as an empty copy, since the compiler rejects a folder with no file.
 * Template names come from the files themselves: the plan does not list them.
 */
function declaredNames(where: { folder: string; accountsFile: string; sharedFolder: string; region: string | undefined; cwd: string }): Declared {
  const files = fs.existsSync(where.folder) ? (discoverFiles(where.folder, where.cwd, new Diagnostics()) ?? []) : [];
  let result;
  if (files.length > 0) {
    result = compileAccount({ accountFolder: where.folder, accountsFile: where.accountsFile, region: where.region, cwd: where.cwd });
  } else {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-generate-"));
    try {
      const copy = path.join(root, path.basename(where.folder));
      fs.mkdirSync(copy);
      fs.writeFileSync(path.join(copy, "empty.yaml"), "{}\n");
      if (fs.existsSync(where.sharedFolder)) fs.cpSync(where.sharedFolder, path.join(root, "_shared"), { recursive: true });
      result = compileAccount({ accountFolder: copy, accountsFile: where.accountsFile, region: where.region, cwd: where.cwd });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }
  if (!result.ok) return { ok: false, diagnostics: result.diagnostics };
  const { plan } = result;
  return {
    ok: true,
    names: {
      roles: new Set(Object.keys(plan.roles).map(roleIdentity)),
      removedRoles: new Set(plan.removedRoles.map((leaf) => leaf.toLowerCase())),
      buckets: new Set(Object.keys(plan.buckets)),
      keys: new Set(Object.keys(plan.keys)),
      templates: new Set([...templateNames(where.folder, where.cwd), ...templateNames(where.sharedFolder, where.cwd)]),
    },
  };
}

function templateNames(folder: string, cwd: string): string[] {
  if (!fs.existsSync(folder)) return [];
  const names: string[] = [];
  const diagnostics = new Diagnostics();
  for (const file of discoverFiles(folder, cwd, diagnostics) ?? []) {
    const { data } = parseSourceFile(readSourceFile(file.absolutePath, file.relativePath, cwd, diagnostics), diagnostics);
    if (data !== undefined && isMapping(data.templates)) names.push(...Object.keys(data.templates));
  }
  return names;
}

/**
 * Each file created, never replaced (`wx`); if one cannot be written, the files and folders this run created are
 * removed again, so a failed run leaves the folder as it was. Returns the problem, or undefined.
 */
function writeFiles(outDir: string, files: readonly PlannedFile[]): string | undefined {
  const createdFiles: string[] = [];
  const createdFolders: string[] = [];
  try {
    for (const file of files) {
      const target = path.join(outDir, ...file.relativePath.split("/"));
      const firstNew = fs.mkdirSync(path.dirname(target), { recursive: true });
      if (firstNew !== undefined) createdFolders.push(firstNew);
      fs.writeFileSync(target, file.text, { flag: "wx" });
      createdFiles.push(target);
    }
    return undefined;
  } catch (error) {
    for (const file of createdFiles) fs.rmSync(file, { force: true });
    for (const folder of createdFolders.reverse()) fs.rmSync(folder, { recursive: true, force: true });
    return error instanceof Error ? error.message : String(error);
  }
}

