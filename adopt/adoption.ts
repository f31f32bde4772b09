/**
 * Adoption of one account, end to end: the plan's declarations (the same list the Pulumi program registers),
 * the check that the credentials are for the plan's account, the AWS lookups, and the import plan. Nothing here
 * writes anything; AWS failures arrive as `AwsLookupError`s.
 */
import type { Plan } from "../compiler/plan";
import { declareResources } from "../pulumi/declarations";
import type { AwsClients } from "./aws-clients";
import { readCallerIdentity, readInventory } from "./aws-inventory";
import type { CallerIdentity } from "./aws-inventory";
import { planImport } from "./import-plan";
import type { ImportPlan } from "./import-plan";

export type Adoption =
  /** The credentials are for another account: nothing else was looked up. */
  | { readonly outcome: "wrong account"; readonly caller: CallerIdentity }
  | { readonly outcome: "planned"; readonly plan: ImportPlan };

/** `inStack`: the URNs the stack already records (stack-state.ts); they are left out of the import. */
export async function planAdoption(plan: Plan, clients: AwsClients, inStack: ReadonlySet<string> = new Set()): Promise<Adoption> {
  // First, so that a plan Pulumi would reject (two entries with one logical name) costs no AWS call.
  const declarations = declareResources(plan);
  const caller = await readCallerIdentity(clients);
  if (caller.account !== plan.account.id) return { outcome: "wrong account", caller };
  const inventory = await readInventory(declarations, clients);
  return { outcome: "planned", plan: planImport(plan.account.name, declarations, inventory, inStack) };
}
