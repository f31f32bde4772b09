/**
 * The Pulumi program under mocks, against a bare program that registers the same resources with constant
 * inputs. The bare program is the floor: what the SDK itself costs per resource of each type. The difference is
 * what our program adds: building declarations from the plan, canonical policy texts, wiring one resource's
 * outputs into the next (names, key ids) and `dependsOn`, and the stack outputs.
 *
 * Both run against the same mocks (echo the inputs as state), and both are timed from the first constructor
 * call until every registration has reached the mock monitor (and, for the program, its stack outputs resolved).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Plan } from "../compiler/plan";
import { declareResources, ResourceType, type ResourceDeclaration, type ResourceTypeToken } from "../pulumi/declarations";
import { declareStack } from "../pulumi/program";
import { RemovedRole } from "../pulumi/removed-role";

const PROJECT = "iam-syncr";

type Inputs = Record<string, unknown>;
type ResourceClass = new (name: string, inputs: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

const CLASSES: Record<Exclude<ResourceTypeToken, typeof ResourceType.provider>, ResourceClass> = {
  [ResourceType.role]: aws.iam.Role,
  [ResourceType.rolePolicy]: aws.iam.RolePolicy,
  [ResourceType.rolePoliciesExclusive]: aws.iam.RolePoliciesExclusive,
  [ResourceType.instanceProfile]: aws.iam.InstanceProfile,
  [ResourceType.rolePolicyAttachment]: aws.iam.RolePolicyAttachment,
  [ResourceType.rolePolicyAttachmentsExclusive]: aws.iam.RolePolicyAttachmentsExclusive,
  [ResourceType.bucket]: aws.s3.Bucket,
  [ResourceType.bucketPolicy]: aws.s3.BucketPolicy,
  [ResourceType.key]: aws.kms.Key,
  [ResourceType.alias]: aws.kms.Alias,
  [ResourceType.grant]: aws.kms.Grant,
  [ResourceType.removedRole]: RemovedRole,
};

/** Installs fresh mocks for a stack and counts what reaches them. */
async function installMocks(stack: string): Promise<{ registered: () => number }> {
  let registered = 0;
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered++;
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call(args) {
        return args.inputs;
      },
    },
    PROJECT,
    stack,
    false,
  );
  return { registered: () => registered };
}

/** Resolves when every registration started so far has reached the (mock) engine. */
function allRegistered(): Promise<void> {
  const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
  return settings.waitForRPCs();
}

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Runs the real program for one plan; returns how many resources it registered. */
export async function runProgram(plan: Plan): Promise<number> {
  const mocks = await installMocks(plan.account.name);
  const outputs = declareStack(plan);
  await resolved(pulumi.output(outputs));
  await allRegistered();
  return mocks.registered();
}

/** What the bare program registers for a plan: the same resource types in the same numbers, constant inputs. */
export interface BareProgram {
  stack: string;
  providers: number;
  resources: { type: Exclude<ResourceTypeToken, typeof ResourceType.provider>; inputs: Inputs }[];
}

/** Prepared outside the timed region: the bare program must not pay for reading the plan. */
export function bareProgramFor(plan: Plan): BareProgram {
  const declarations = declareResources(plan);
  const constants = new Map<ResourceTypeToken, Inputs>();
  for (const declaration of declarations) if (!constants.has(declaration.type)) constants.set(declaration.type, constantInputs(declaration));
  const resources: BareProgram["resources"] = [];
  let providers = 0;
  for (const { type } of declarations) {
    if (type === ResourceType.provider) providers++;
    else resources.push({ type, inputs: constants.get(type)! });
  }
  return { stack: plan.account.name, providers, resources };
}

export async function runBareProgram(program: BareProgram): Promise<number> {
  const mocks = await installMocks(program.stack);
  let provider: aws.Provider | undefined;
  for (let i = 0; i < program.providers; i++) {
    const created = new aws.Provider(`bare-provider-${i}`, { region: "us-east-1", allowedAccountIds: ["123456789012"] });
    provider ??= created;
  }
  const opts = { provider };
  // Like pulumi/program.ts declareStack, so that the ratio compares the program's own work, not this setting.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    program.resources.forEach(({ type, inputs }, i) => new CLASSES[type](`bare-${i}`, inputs as never, opts));
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  await allRegistered();
  return mocks.registered();
}

/**
 * The first declaration of each type, with references to other resources' outputs replaced by constant
 * strings: realistic sizes (a real policy text), but nothing to wait for and nothing computed per resource.
 */
function constantInputs(declaration: ResourceDeclaration): Inputs {
  const inputs: Inputs = {};
  for (const [key, value] of Object.entries(declaration.inputs)) {
    const isReference = value !== null && typeof value === "object" && "outputOf" in (value as object);
    inputs[key] = isReference ? `constant-${key}` : value;
  }
  return inputs;
}
