/** The plan of a workspace's stack, compiled as the Pulumi program compiles it, and what it declares. */
import * as path from "node:path";
import { compileAccount } from "../../../compiler";
import type { Plan } from "../../../compiler/plan";
import { declareResources } from "../../../pulumi/declarations";
import type { PulumiWorkspace } from "./workspace";

export function planOf(workspace: PulumiWorkspace, stack: string, region: string): Plan {
  const result = compileAccount({
    accountFolder: path.join(workspace.stacksDir, stack),
    accountsFile: path.join(workspace.stacksDir, "accounts.yaml"),
    accountName: stack,
    region,
  });
  if (!result.ok) throw new Error(`stack ${stack} does not compile: ${JSON.stringify(result.diagnostics)}`);
  return result.plan;
}

/** The URN of every resource the program declares for the plan, the stack itself included. */
export function declaredUrns(stack: string, plan: Plan): string[] {
  const urns = declareResources(plan).map((d) => urnOf(stack, d.type, d.name));
  return [urnOf(stack, "pulumi:pulumi:Stack", `iam-syncr-${stack}`), ...urns];
}

export function urnOf(stack: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::iam-syncr::${type}::${name}`;
}

