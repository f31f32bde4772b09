/**
 * What the engine must receive for a plan, derived independently of pulumi/resources.ts from the declarations,
 * and the mock AWS outputs both sides agree on. Lets any test (or a held-out folder) check that the program
 * registers exactly what `declareResources` says, which is also what `iam-syncr import-plan` writes.
 */
import type { Plan } from "../../compiler/plan";
import { declareResources, ResourceType } from "../../pulumi/declarations";
import type { OutputOf, ResourceDeclaration } from "../../pulumi/declarations";
import { PROJECT } from "./mock-engine";
import type { Registration } from "./mock-engine";

/** A registration reduced to what must match exactly; sort a list of them with `byUrn`. */
export interface Comparable {
  urn: string;
  provider: string;
  inputs: Record<string, unknown>;
  deleteBeforeReplace: boolean;
  retainOnDelete: boolean;
  ignoreChanges: string[];
  dependencies: string[];
  replaceWith: string[];
}

export function mockKeyId(keyLogicalName: string): string {
  return `mock-key-${keyLogicalName.replace(/\//g, "-")}`;
}

/** Outputs only AWS knows (ARNs, key ids), as the mock engine makes them up for a resource. */
export function mockAwsOutputs(accountId: string) {
  return (type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> => {
    switch (type) {
      case ResourceType.role:
        return { arn: `arn:aws:iam::${accountId}:role${inputs.path}${inputs.name}` };
      case ResourceType.instanceProfile:
        return { arn: `arn:aws:iam::${accountId}:instance-profile/${inputs.name}` };
      case ResourceType.key:
        return { keyId: mockKeyId(name), arn: `arn:aws:kms:${inputs.region}:${accountId}:key/${mockKeyId(name)}` };
      case ResourceType.removedRole:
        return { status: "absent", removals: [] };
      default:
        return {};
    }
  };
}

export function urnOf(stack: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::${PROJECT}::${type}::${name}`;
}

export function comparableRegistration(registration: Registration): Comparable {
  const inputs = { ...registration.inputs };
  // The serialized RemovedRole provider; program.spec.ts checks it separately.
  delete inputs.__provider;
  return {
    urn: registration.urn,
    provider: registration.provider,
    inputs,
    deleteBeforeReplace: registration.deleteBeforeReplace,
    retainOnDelete: registration.retainOnDelete,
    ignoreChanges: [...registration.ignoreChanges],
    dependencies: [...registration.dependencies].sort(),
    replaceWith: [...registration.replaceWith].sort(),
  };
}

/** The registrations `declareResources(plan)` calls for, with outputs of other resources as the mock makes them. */
export function expectedRegistrations(plan: Plan, stack: string): Comparable[] {
  const declarations = declareResources(plan);
  const byKey = new Map(declarations.map((d) => [`${d.type}::${d.name}`, d]));
  const resolve = (reference: OutputOf): string => {
    const target = byKey.get(`${reference.outputOf.type}::${reference.outputOf.name}`);
    if (target === undefined) throw new Error(`no declaration for ${reference.outputOf.type} ${reference.outputOf.name}`);
    if (reference.property === "keyId") return mockKeyId(target.name);
    return (target.inputs as unknown as Record<string, string>)[reference.property];
  };
  return declarations.map((d) => expectedRegistration(d, stack, resolve)).sort(byUrn);
}

function expectedRegistration(d: ResourceDeclaration, stack: string, resolve: (reference: OutputOf) => string): Comparable {
  const references: string[] = [];
  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(d.inputs)) {
    if (isOutputOf(value)) {
      inputs[key] = resolve(value);
      references.push(urnOf(stack, value.outputOf.type, value.outputOf.name));
    } else {
      inputs[key] = value;
    }
  }
  if (d.type === ResourceType.provider) {
    // Provider inputs travel JSON-encoded, with the SDK's two defaults.
    Object.assign(inputs, {
      allowedAccountIds: JSON.stringify(d.inputs.allowedAccountIds),
      skipCredentialsValidation: "false",
      skipRegionValidation: "true",
      ...(d.inputs.assumeRoles !== undefined && { assumeRoles: JSON.stringify(d.inputs.assumeRoles) }),
    });
  }
  const dependsOn = d.options.dependsOn.map((key) => urnOf(stack, key.type, key.name));
  return {
    urn: urnOf(stack, d.type, d.name),
    provider: d.provider === null ? "" : `${urnOf(stack, ResourceType.provider, d.provider)}::${d.provider}-id`,
    inputs,
    deleteBeforeReplace: d.options.deleteBeforeReplace,
    retainOnDelete: d.options.retainOnDelete,
    ignoreChanges: [...d.options.ignoreChanges],
    dependencies: [...new Set([...dependsOn, ...references])].sort(),
    replaceWith: d.options.replaceWith.map((key) => urnOf(stack, key.type, key.name)).sort(),
  };
}

function isOutputOf(value: unknown): value is OutputOf {
  return typeof value === "object" && value !== null && "outputOf" in value;
}

export function byUrn(a: { urn: string }, b: { urn: string }): number {
  return a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0;
}
