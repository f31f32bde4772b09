/**
 * `RemovedRole`: one entry of `remove_roles` (DIALECT.md 9), as a Pulumi dynamic resource.
 *
 * - create: removes the role if it exists and records what it had (role-removal.ts);
 * - diff: asks the account again, so a preview shows a change only when the role exists (again);
 * - update: removes it again, keeping every earlier record; after a removal that stopped part-way, continues
 *   that removal from its record (role-removal.ts), which is then completed rather than repeated;
 * - delete (the name left `remove_roles`): changes nothing in AWS; it only drops the records.
 *
 * Pulumi serializes the provider object below, with everything it reaches, into the stack state and runs it in
 * a separate process: it must stay free of captured state (pulumi-notes §2). The functions it calls require the
 * AWS SDK themselves.
 */
import * as pulumi from "@pulumi/pulumi";
import type { RemovedRoleInputs } from "./declarations";
import { isIncompleteRemoval, removeRole, roleExists } from "./role-removal";
import type { RoleRemoval } from "./role-removal";

export type RemovedRoleStatus =
  /** The last run found no such role. */
  | "absent"
  /** The last run removed it. */
  | "removed"
  /** The last run recorded the role but failed before deleting it; the next update tries again. */
  | "incomplete";

export interface RemovedRoleOutputs extends RemovedRoleInputs {
  status: RemovedRoleStatus;
  /** Every time the role was found and removed, oldest first, with everything it had. */
  removals: RoleRemoval[];
}

export const removedRoleProvider: pulumi.dynamic.ResourceProvider<RemovedRoleInputs, RemovedRoleOutputs> = {
  async create(inputs) {
    const id = inputs.roleName;
    return { id, outs: await removeAndRecord(id, inputs, []) };
  },

  async diff(_id, olds, news) {
    if (olds.roleName !== news.roleName || olds.accountId !== news.accountId || olds.status === "incomplete") {
      return { changes: true };
    }
    return { changes: await roleExists(targetOf(news)) };
  },

  async update(id, olds, news) {
    const removals = olds.removals ?? [];
    if (stoppedPartWay(olds, news)) return { outs: await removeAndRecord(id, news, removals.slice(0, -1), removals[removals.length - 1]) };
    return { outs: await removeAndRecord(id, news, removals) };
  },

  async delete() {
    // Deliberately nothing: dropping a name from remove_roles must never touch AWS (DIALECT.md 9.3).
  },
};

export class RemovedRole extends pulumi.dynamic.Resource {
  declare readonly roleName: pulumi.Output<string>;
  declare readonly accountId: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string>;
  declare readonly status: pulumi.Output<RemovedRoleStatus>;
  declare readonly removals: pulumi.Output<RoleRemoval[]>;

  constructor(name: string, inputs: RemovedRoleInputs, opts?: pulumi.CustomResourceOptions) {
    super(removedRoleProvider, name, { ...inputs, status: undefined, removals: undefined }, opts, "iam-syncr", "RemovedRole");
  }
}

/** `unfinished`: the record of the last attempt, which stopped part-way; this attempt continues it. */
async function removeAndRecord(id: string, inputs: RemovedRoleInputs, earlier: RoleRemoval[], unfinished?: RoleRemoval): Promise<RemovedRoleOutputs> {
  const target = targetOf(inputs);
  try {
    const outcome = await removeRole(target, unfinished);
    const removals = outcome.removal !== undefined ? [...earlier, outcome.removal] : earlier;
    return { ...target, status: outcome.status, removals };
  } catch (error) {
    if (!isIncompleteRemoval(error)) throw error;
    // An error carrying `id` and `properties` makes the engine keep those properties in the state (a partial
    // failure), so the record of a role that is already half taken apart is not lost with the failed update.
    // The host adds `__provider` to successful results only; without it the state could not be updated later.
    const provider = (inputs as unknown as Record<string, unknown>).__provider;
    const properties = {
      ...target,
      status: "incomplete",
      removals: [...earlier, error.removal],
      ...(provider !== undefined && { __provider: provider }),
    };
    throw Object.assign(new Error(error.message), { id, properties, reasons: [error.message] });
  }
}

/** Whether the last run removing this same role stopped part-way: its record (the last one) is to be continued. */
function stoppedPartWay(outputs: RemovedRoleOutputs, inputs: RemovedRoleInputs): boolean {
  const sameRole = outputs.roleName === inputs.roleName && outputs.accountId === inputs.accountId;
  return outputs.status === "incomplete" && sameRole && (outputs.removals ?? []).length > 0;
}

function targetOf(inputs: RemovedRoleInputs): RemovedRoleInputs {
  const { roleName, accountId, region, assumeRole } = inputs;
  return { roleName, accountId, region, ...(assumeRole !== undefined && { assumeRole: { roleArn: assumeRole.roleArn, sessionName: assumeRole.sessionName } }) };
}
