/**
 * The Pulumi program: compile the stack's account folder (with what `<stacksDir>/_shared` selects for it, DIALECT.md
 * §14), declare its resources, export its outputs. index.ts only reads the stack's settings and calls `runIamSyncr`.
 */
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { compileAccount, formatDiagnostic, summarize } from "../compiler";
import type { Diagnostic, Plan } from "../compiler";
import { firstPassPlan } from "../compiler/first-pass";
import { firstPassPendingRoles } from "./first-pass-variable";
import { declareResources, ResourceType } from "./declarations";
import type { ResourceTypeToken } from "./declarations";
import { bucketLogicalName, keyLogicalName, roleLogicalName } from "./logical-names";
import { RemovedRole } from "./removed-role";
import type { RemovedRoleStatus } from "./removed-role";
import type { RoleRemoval } from "./role-removal";
import { registerResources } from "./resources";
import type { RegisteredResources } from "./resources";

export interface StackSettings {
  /** The bare stack name, which is the account name. */
  stack: string;
  /** The stacks root: `accounts.yaml` and one folder per account (absolute, or relative to the current directory). */
  stacksDir: string;
  /** The stack's `aws:region`: the default region R of DIALECT.md 0.2. */
  region?: string;
  /** Warnings count as errors (DIALECT.md 11.4). */
  strict: boolean;
  /**
   * Set only by `iam-syncr up` for the first pass over a cycle of accounts (docs/run-all.md): the ARNs of the
   * roles of the other accounts of the cycle that do not exist yet, which the documents must not name yet.
   */
  firstPassPendingRoles?: readonly string[];
}

export interface RemovedRoleRecord {
  status: RemovedRoleStatus;
  removals: RoleRemoval[];
}

/** The stack outputs, keyed by the names written in the YAML. */
export interface StackOutputs {
  roleArns: Record<string, pulumi.Output<string>>;
  instanceProfileNames: Record<string, pulumi.Output<string>>;
  bucketNames: pulumi.Output<string>[];
  keyArns: Record<string, pulumi.Output<string>>;
  keyAliases: Record<string, pulumi.Output<string>>;
  removedRoles: Record<string, pulumi.Output<RemovedRoleRecord>>;
}

export function runIamSyncr(settings: StackSettings): StackOutputs {
  return declareStack(compileStack(settings));
}

/** Compiles the stack's folder; on any error, fails the program before a single resource is declared. */
function compileStack(settings: StackSettings): Plan {
  const result = compileAccount({
    accountFolder: path.join(settings.stacksDir, settings.stack),
    accountsFile: path.join(settings.stacksDir, "accounts.yaml"),
    accountName: settings.stack,
    region: settings.region,
    strict: settings.strict,
  });
  if (!result.ok) throw new pulumi.RunError(compileFailureMessage(settings.stack, result.diagnostics));
  for (const warning of result.diagnostics) pulumi.log.warn(formatDiagnostic(warning));
  if (settings.firstPassPendingRoles === undefined) return result.plan;
  const firstPass = firstPassPlan(result.plan, new Set(settings.firstPassPendingRoles));
  pulumi.log.info(`first pass: ${firstPass.changes.length} change${firstPass.changes.length === 1 ? "" : "s"} for roles that do not exist yet; the second pass deploys the YAML as compiled`);
  for (const { document, statement, change, roles } of firstPass.changes) {
    pulumi.log.info(`first pass: ${document}${statement === null ? "" : `, statement ${statement}`}: ${change} (${roles.join(", ")})`);
  }
  return firstPass.plan;
}

/** The pending roles `iam-syncr up` gives the first pass of a cycle, from the environment; undefined for a normal run. */
export function firstPassPendingRolesFrom(environment: NodeJS.ProcessEnv): string[] | undefined {
  const read = firstPassPendingRoles(environment);
  if ("error" in read) throw new pulumi.RunError(read.error);
  return read.roles;
}

/** The CLI's diagnostics, one a line, then the count; a RunError prints it without a stack trace (DIALECT.md 11.3). */
function compileFailureMessage(stack: string, diagnostics: readonly Diagnostic[]): string {
  return [
    `The YAML of stack "${stack}" does not compile, so nothing was declared and nothing will change:`,
    ...diagnostics.map(formatDiagnostic),
    summarize(diagnostics),
  ].join("\n");
}

export function declareStack(plan: Plan): StackOutputs {
  // The Pulumi SDK records a stack trace for every promise and resource it creates (for leak reports and the
  // source position of a resource, which here would always be pulumi/resources.ts). Declaring thousands of
  // resources at once, those traces cost half the time and a quarter of the memory; they are off meanwhile.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return stackOutputs(plan, registerResources(declareResources(plan)));
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function stackOutputs(plan: Plan, resources: RegisteredResources): StackOutputs {
  const find = <T>(type: ResourceTypeToken, name: string, isInstance: (resource: unknown) => resource is T): T =>
    resources.typed({ type, name }, isInstance);
  const roles = Object.entries(plan.roles);
  const aliases = Object.keys(plan.keys);
  return {
    roleArns: Object.fromEntries(
      roles.map(([fullName, role]) => [fullName, find(ResourceType.role, roleLogicalName(role.name), aws.iam.Role.isInstance).arn]),
    ),
    instanceProfileNames: Object.fromEntries(
      roles
        .filter(([, role]) => role.instanceProfile)
        .map(([fullName, role]) => [
          fullName,
          find(ResourceType.instanceProfile, roleLogicalName(role.name), aws.iam.InstanceProfile.isInstance).name,
        ]),
    ),
    bucketNames: Object.keys(plan.buckets).map((name) => find(ResourceType.bucket, bucketLogicalName(name), aws.s3.Bucket.isInstance).bucket),
    keyArns: Object.fromEntries(aliases.map((name) => [name, find(ResourceType.key, keyLogicalName(name), aws.kms.Key.isInstance).arn])),
    keyAliases: Object.fromEntries(aliases.map((name) => [name, find(ResourceType.alias, keyLogicalName(name), aws.kms.Alias.isInstance).name])),
    removedRoles: Object.fromEntries(
      plan.removedRoles.map((leaf) => {
        const removed = find(ResourceType.removedRole, roleLogicalName(leaf), (r): r is RemovedRole => r instanceof RemovedRole);
        const record = pulumi.all([removed.status, removed.removals]).apply(([status, removals]) => ({
          status,
          removals: removals as RoleRemoval[],
        }));
        return [leaf, record];
      }),
    ),
  };
}
