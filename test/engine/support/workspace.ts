/**
 * An isolated Pulumi workspace for running the real CLI on this repository's Pulumi project: a temporary folder
 * with the project (Pulumi.yaml and index.ts copied, the rest of the repository linked), a copy of a stacks root,
 * a local file backend, its own PULUMI_HOME with the stand-in AWS provider installed, and the environment that
 * points every AWS call at one endpoint (moto_server, or a proxy in front of it) with credentials per account.
 * Nothing is written into the repository, and nothing of the developer's own Pulumi or AWS set-up is used.
 *
 *   const workspace = await preparePulumiWorkspace({ cli, aws: { endpoint, credentialsFor } });
 *   await workspace.initStack("example", { region: "ap-southeast-2" });   // README's set-up, literally
 *   const preview = await workspace.pulumi(["preview", "--stack", "example"]);
 *   await workspace.dispose();
 *
 * The tests spawn the CLI itself rather than using the Automation API: users run `pulumi preview`, `up`,
 * `import --file`, `destroy` and `stack output`, and the suite asserts what those commands print and exit with.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { REPOSITORY_ROOT } from "./pulumi-cli";
import { pathWithoutAmbientAwsPlugin, STAND_IN_VERSION, writeStandInExecutable } from "./stand-in-plugin";

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface AwsTarget {
  /** Where every AWS call of the engine, the stand-in and the `remove_roles` provider goes. */
  readonly endpoint: string;
  /** Credentials that act in the account (moto maps access keys it issued to their account). */
  credentialsFor(accountId: string): Promise<Credentials>;
}

export interface WorkspaceOptions {
  /** The `pulumi` executable; `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs` sit beside it. */
  readonly cli: string;
  readonly aws: AwsTarget;
  /** A stacks root to copy (accounts.yaml and account folders); default: the repository's `stacks/`. */
  readonly stacksRoot?: string;
  /** Type-check the program with ts-node on every run, as by default for users (slow); default: transpile only. */
  readonly typeCheck?: boolean;
}

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Both, in the order the lines arrived. */
  readonly output: string;
  readonly milliseconds: number;
}

export interface RunOptions {
  /** Act as this account (its moto credentials); default: the account of `--stack` in accounts.yaml. */
  readonly accountId?: string;
  readonly credentials?: Credentials;
  /** More environment variables for this command only. */
  readonly env?: Readonly<Record<string, string>>;
  /** Return a failed command's result instead of throwing. */
  readonly allowFailure?: boolean;
  readonly timeoutMs?: number;
  /** The working directory; default: the project folder. */
  readonly cwd?: string;
  /** Called with the process id once the command started (the engine bench samples its process tree). */
  readonly onStart?: (pid: number) => void;
}

/** What the Pulumi program needs at run time, linked into the project folder. */
const LINKED = ["package.json", "tsconfig.json", "node_modules", "compiler", "pulumi"];
/** The files a user edits or copies, copied so that the project folder is self-contained. */
const COPIED = ["Pulumi.yaml", "Pulumi.example.yaml", "index.ts"];
const PASSPHRASE = "iam-syncr engine tests";

export async function preparePulumiWorkspace(options: WorkspaceOptions): Promise<PulumiWorkspace> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-engine-"));
  const workspace = new PulumiWorkspace(root, options);
  try {
    await workspace.prepare(options.stacksRoot ?? path.join(REPOSITORY_ROOT, "stacks"));
  } catch (error) {
    await workspace.dispose();
    throw error;
  }
  return workspace;
}

export class PulumiWorkspace {
  readonly projectDir: string;
  /** The stacks root the program compiles: `<project>/stacks`, Pulumi.yaml's default. */
  readonly stacksDir: string;
  readonly stateDir: string;
  readonly pulumiHome: string;
  private readonly credentials = new Map<string, Promise<Credentials>>();

  constructor(
    readonly root: string,
    private readonly options: WorkspaceOptions,
  ) {
    this.projectDir = path.join(root, "project");
    this.stacksDir = path.join(this.projectDir, "stacks");
    this.stateDir = path.join(root, "state");
    this.pulumiHome = path.join(root, "pulumi-home");
  }

  /** @internal */
  async prepare(stacksRoot: string): Promise<void> {
    for (const folder of [this.projectDir, this.stateDir, this.pulumiHome]) fs.mkdirSync(folder, { recursive: true });
    for (const name of LINKED) fs.symlinkSync(path.join(REPOSITORY_ROOT, name), path.join(this.projectDir, name));
    for (const name of COPIED) fs.copyFileSync(path.join(REPOSITORY_ROOT, name), path.join(this.projectDir, name));
    fs.cpSync(stacksRoot, this.stacksDir, { recursive: true });
    const executable = writeStandInExecutable(this.root);
    await this.pulumi(["plugin", "install", "resource", "aws", STAND_IN_VERSION, "--file", executable], { credentials: NO_CREDENTIALS });
  }

  /**
   * README "Set-up, once per machine and once per account", literally: `pulumi stack init <stack>`,
   * `cp Pulumi.example.yaml Pulumi.<stack>.yaml`, `pulumi config set aws:region <region>`.
   */
  async initStack(stack: string, settings: { region: string }): Promise<void> {
    await this.pulumi(["stack", "init", stack]);
    fs.copyFileSync(path.join(this.projectDir, "Pulumi.example.yaml"), path.join(this.projectDir, `Pulumi.${stack}.yaml`));
    await this.pulumi(["config", "set", "aws:region", settings.region, "--stack", stack]);
  }

  /** Runs `pulumi <args>` in the project folder; fails with the whole output unless `allowFailure`. */
  async pulumi(args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    return this.run(this.options.cli, ["--non-interactive", "--color", "never", ...args], options);
  }

  /** Runs any command (e.g. `npx iam-syncr import-plan`) with the workspace's environment. */
  async run(command: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    const credentials = options.credentials ?? (await this.credentialsOf(args, options.accountId));
    const env = { ...this.environment(credentials), ...options.env };
    const result = await spawnAndCollect(command, args, {
      cwd: options.cwd ?? this.projectDir,
      env,
      timeoutMs: options.timeoutMs ?? 5 * 60_000,
      onStart: options.onStart,
    });
    if (result.code !== 0 && !options.allowFailure) {
      throw new Error(`\`${[path.basename(command), ...args].join(" ")}\` exited with ${result.code}:\n${result.output}`);
    }
    return result;
  }

  /** `pulumi stack output --json`, parsed. */
  async stackOutputs(stack: string): Promise<Record<string, unknown>> {
    const result = await this.pulumi(["stack", "output", "--json", "--stack", stack]);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  /** The stack's state file in the local backend. */
  stateFile(stack: string): string {
    return path.join(this.stateDir, ".pulumi", "stacks", "iam-syncr", `${stack}.json`);
  }

  /** Writes a file of the workspace's stacks root (relative to it). */
  writeStackFile(relative: string, content: string): void {
    const file = path.join(this.stacksDir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }

  /** The account id accounts.yaml gives the stack (the folder) `name`. */
  accountIdOf(name: string): string {
    const accounts = yaml.load(fs.readFileSync(path.join(this.stacksDir, "accounts.yaml"), "utf8")) as Record<string, unknown>;
    const entry = accounts[name];
    const id = entry !== null && typeof entry === "object" ? (entry as { id: unknown }).id : entry;
    if (id === undefined) throw new Error(`accounts.yaml has no account "${name}"`);
    return String(id).padStart(12, "0");
  }

  /** The environment of every command: the CLI, the isolated home and backend, AWS at the endpoint as `credentials`. */
  environment(credentials: Credentials): NodeJS.ProcessEnv {
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(AWS_|PULUMI_|TS_NODE_)/.test(name)),
    );
    const searchPath = [
      path.dirname(this.options.cli),
      path.dirname(process.execPath),
      ...pathWithoutAmbientAwsPlugin((process.env.PATH ?? "").split(path.delimiter)),
    ];
    return {
      ...inherited,
      PATH: [...new Set(searchPath)].join(path.delimiter),
      PULUMI_HOME: this.pulumiHome,
      PULUMI_BACKEND_URL: `file://${this.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      // ts-node type-checks the program on every run unless told not to (8 s of the 10 s a preview takes here);
      // `npx tsc --noEmit -p .` type-checks the same code once, in .ci/run.
      ...(this.options.typeCheck !== true && { PULUMI_NODEJS_TRANSPILE_ONLY: "true" }),
      AWS_ENDPOINT_URL: this.options.aws.endpoint,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: "us-east-1",
      AWS_CONFIG_FILE: path.join(this.root, "no-aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(this.root, "no-aws-credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
  }

  async dispose(): Promise<void> {
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  private async credentialsOf(args: readonly string[], accountId: string | undefined): Promise<Credentials> {
    const stackFlag = args.indexOf("--stack");
    const account = accountId ?? (stackFlag >= 0 ? this.accountIdOf(args[stackFlag + 1]) : undefined);
    if (account === undefined) return NO_CREDENTIALS;
    let credentials = this.credentials.get(account);
    if (credentials === undefined) {
      credentials = this.options.aws.credentialsFor(account);
      this.credentials.set(account, credentials);
    }
    return credentials;
  }
}

/** For commands that make no AWS call. */
const NO_CREDENTIALS: Credentials = { accessKeyId: "none", secretAccessKey: "none" };

function spawnAndCollect(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; onStart?: (pid: number) => void },
): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    if (child.pid !== undefined) options.onStart?.(child.pid);
    let stdout = "";
    let stderr = "";
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
      output += chunk;
    });
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`\`${path.basename(command)} ${args.join(" ")}\` did not finish within ${options.timeoutMs} ms:\n${output}`));
    }, options.timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, output, milliseconds: Date.now() - started });
    });
  });
}
