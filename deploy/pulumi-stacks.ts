/**
 * The stacks of this Pulumi project, run through the Pulumi Automation API (`@pulumi/pulumi/automation`): a
 * LocalWorkspace on the project folder (its Pulumi.yaml and index.ts, exactly what `pulumi up` runs there), the
 * Pulumi CLI found on PATH, one stack per account. It prepares a stack (and with `--init` creates it, with its
 * settings from Pulumi.example.yaml as docs/pulumi.md's set-up does), runs `preview` or `up`, counts the changes
 * from the engine's events, writes Pulumi's output to a log file, and turns any failure into one line.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { LocalWorkspace, PulumiCommand, Stack, type EngineEvent } from "@pulumi/pulumi/automation";
import { ResourceType } from "../pulumi/declarations";
import type { ChangeCounts, RunResult } from "./execute";

/** The default of `iam-syncr:stacksDir` (Pulumi.yaml, index.ts). */
const DEFAULT_STACKS_DIR = "stacks";

/** Something that stops every run before it starts (no project, no CLI): one line for the user. */
export class ProjectError extends Error {}

export interface PrepareOptions {
  /** Create the stack if it does not exist, with Pulumi.example.yaml's settings and this `aws:region` if given. */
  init: { region?: string } | null;
}

export interface RunOptions {
  /** More environment for this run's Pulumi processes (the program reads the first-pass variable from it). */
  env: Record<string, string>;
  /** Pulumi's output goes there. */
  logFile: string;
  signal: AbortSignal;
}

export class PulumiProject {
  private constructor(
    readonly projectDir: string,
    /** Absolute: the stacks root that `iam-syncr` checked, which every stack must deploy. */
    private readonly stacksRoot: string,
    private readonly command: PulumiCommand,
    private readonly existing: Set<string>,
  ) {}

  /** The project in `projectDir`, the Pulumi CLI on PATH, and the stacks its backend holds (one `pulumi stack ls`). */
  static async open(projectDir: string, stacksRoot: string): Promise<PulumiProject> {
    const projectFile = path.join(projectDir, "Pulumi.yaml");
    if (!fs.existsSync(projectFile)) {
      throw new ProjectError(`no Pulumi project in ${projectDir} (no Pulumi.yaml): run in the iam-syncr project folder, or pass --project`);
    }
    let command: PulumiCommand;
    try {
      command = await PulumiCommand.get();
    } catch (error) {
      throw new ProjectError(
        `no usable Pulumi CLI on PATH (${firstLine(error)}): install Pulumi 3.248 or newer, or put the folder that scripts/pulumi-cli.sh prints on PATH`,
      );
    }
    const project = new PulumiProject(projectDir, stacksRoot, command, new Set());
    try {
      const workspace = await project.workspace({});
      for (const summary of await workspace.listStacks()) project.existing.add(summary.name.split("/").pop()!);
    } catch (error) {
      throw new ProjectError(`pulumi stack ls failed in ${projectDir}: ${commandErrorLine(error)}`);
    }
    return project;
  }

  hasStack(name: string): boolean {
    return this.existing.has(name);
  }

  /** Makes the stack ready to run (selects it; creates it with `init`). A failure reason, or undefined. */
  async prepare(name: string, options: PrepareOptions): Promise<string | undefined> {
    const settingsFile = path.join(this.projectDir, `Pulumi.${name}.yaml`);
    if (!this.existing.has(name)) {
      if (options.init === null) return `the stack does not exist; --init creates it, with its settings from Pulumi.example.yaml`;
      const created = await this.initStack(name, settingsFile, options.init.region);
      if (created !== undefined) return created;
    }
    return this.stacksRootMismatch(settingsFile);
  }

  /** The ARNs of the roles the stack's state holds (they exist in the account); empty for a stack that does not exist. */
  async roleArnsInState(name: string): Promise<Set<string>> {
    if (!this.existing.has(name)) return new Set();
    const workspace = await this.workspace({});
    const state = (await workspace.exportStack(name)) as { deployment?: { resources?: { type?: string; outputs?: { arn?: unknown } }[] } };
    const arns = (state.deployment?.resources ?? []).filter((r) => r.type === ResourceType.role && typeof r.outputs?.arn === "string").map((r) => r.outputs!.arn as string);
    return new Set(arns);
  }

  /** `pulumi preview` or `pulumi up` of the stack, its output into the log file; never throws. */
  async run(kind: "preview" | "up", name: string, options: RunOptions): Promise<RunResult> {
    const began = Date.now();
    const log = fs.createWriteStream(options.logFile, { flags: "a" });
    const write = (text: string) => log.write(text);
    const counter = new EventCounter(kind);
    const common = {
      color: "never" as const,
      diff: true,
      suppressProgress: true,
      onOutput: write,
      onError: write,
      onEvent: (event: EngineEvent) => counter.add(event),
      signal: options.signal,
    };
    let result: RunResult;
    try {
      const stack = await Stack.select(name, await this.workspace(options.env));
      if (kind === "preview") await stack.preview(common);
      else await stack.up(common);
      result = { outcome: "succeeded", reason: null, changes: counter.counts, milliseconds: Date.now() - began, log: options.logFile };
    } catch (error) {
      write(`\n${String(error instanceof Error ? error.message : error)}\n`);
      const reason = options.signal.aborted ? "cancelled" : (counter.failure() ?? commandErrorLine(error));
      result = { outcome: "failed", reason, changes: counter.counts, milliseconds: Date.now() - began, log: options.logFile };
    }
    await new Promise<void>((resolve) => log.end(resolve));
    return result;
  }

  private workspace(env: Record<string, string>): Promise<LocalWorkspace> {
    return LocalWorkspace.create({ workDir: this.projectDir, pulumiCommand: this.command, envVars: env });
  }

  /** docs/pulumi.md's set-up: `cp Pulumi.example.yaml Pulumi.<stack>.yaml`, `pulumi stack init`, `pulumi config set aws:region`. */
  private async initStack(name: string, settingsFile: string, region: string | undefined): Promise<string | undefined> {
    const wroteSettings = !fs.existsSync(settingsFile);
    try {
      // Before `stack init`, which writes the passphrase's salt into the settings file.
      if (wroteSettings) fs.copyFileSync(path.join(this.projectDir, "Pulumi.example.yaml"), settingsFile, fs.constants.COPYFILE_EXCL);
    } catch (error) {
      return `--init could not write ${path.basename(settingsFile)} from Pulumi.example.yaml: ${firstLine(error)}`;
    }
    try {
      const stack = await Stack.create(name, await this.workspace({}));
      this.existing.add(name);
      if (wroteSettings && region !== undefined) await stack.setConfig("aws:region", { value: region });
      const stacksDir = path.relative(this.projectDir, this.stacksRoot).split(path.sep).join("/");
      if (wroteSettings && stacksDir !== DEFAULT_STACKS_DIR) await stack.setConfig("iam-syncr:stacksDir", { value: stacksDir });
    } catch (error) {
      return `--init could not create the stack: ${commandErrorLine(error)}`;
    }
    return undefined;
  }

  /** The program compiles `iam-syncr:stacksDir`; a stack set up for another root would deploy other YAML than was checked. */
  private stacksRootMismatch(settingsFile: string): string | undefined {
    let configured: unknown = DEFAULT_STACKS_DIR;
    if (fs.existsSync(settingsFile)) {
      try {
        const settings = yaml.load(fs.readFileSync(settingsFile, "utf8")) as { config?: Record<string, unknown> } | null;
        configured = settings?.config?.["iam-syncr:stacksDir"] ?? DEFAULT_STACKS_DIR;
      } catch (error) {
        return `${path.basename(settingsFile)} cannot be read: ${firstLine(error)}`;
      }
    }
    if (typeof configured !== "string") return `iam-syncr:stacksDir in ${path.basename(settingsFile)} is not a string`;
    const deploys = path.resolve(this.projectDir, configured);
    if (realPath(deploys) === realPath(this.stacksRoot)) return undefined;
    return `the stack deploys the stacks root ${configured} (iam-syncr:stacksDir), not ${path.relative(this.projectDir, this.stacksRoot) || "."}`;
  }
}

/**
 * Counts the account's resources that a run changes (or, in a preview, would change), from the engine's events:
 * the steps of a preview as planned, those of an update as they complete. The stack itself and its providers are
 * not counted. A replacement is one `replace` (its create-replacement and delete-replaced steps are not counted).
 */
export class EventCounter {
  private readonly changes: ChangeCounts = { create: 0, update: 0, replace: 0, delete: 0 };
  private readonly errors: { urn?: string; message: string }[] = [];

  constructor(private readonly kind: "preview" | "up") {}

  add(event: EngineEvent): void {
    const step = this.kind === "preview" ? event.resourcePreEvent : event.resOutputsEvent;
    if (step !== undefined) {
      const { op, type } = step.metadata;
      if (type !== "pulumi:pulumi:Stack" && !type.startsWith("pulumi:providers:") && (op === "create" || op === "update" || op === "replace" || op === "delete")) {
        this.changes[op] += 1;
      }
    }
    const diagnostic = event.diagnosticEvent;
    if (diagnostic?.severity === "error") this.errors.push({ urn: diagnostic.urn, message: diagnostic.message });
  }

  get counts(): ChangeCounts {
    return { ...this.changes };
  }

  /** The first error the engine reported, on one line: a resource's (`<type> <name>: …`) before the stack's own. */
  failure(): string | undefined {
    const ofResource = this.errors.find((e) => e.urn !== undefined && !e.urn.includes("::pulumi:pulumi:Stack::"));
    const chosen = ofResource ?? this.errors[0];
    if (chosen === undefined) return undefined;
    const message = oneLine(chosen.message);
    if (ofResource === undefined) return message;
    // urn:pulumi:<stack>::<project>::<parent types$><type>::<name>
    const [, , types, name] = chosen.urn!.split("::");
    return `${types.split("$").pop()} ${name}: ${message}`;
  }
}

/** A Pulumi command's failure on one line: the first `error:` line it printed, else its last line. */
function commandErrorLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split("\n").map((line) => line.trim()).filter((line) => line !== "");
  const errorLine = lines.find((line) => /^error: /.test(line));
  return oneLine(errorLine?.replace(/^error: /, "") ?? lines[lines.length - 1] ?? "failed");
}

function oneLine(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ")
    .replace(/^error: /, "");
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
