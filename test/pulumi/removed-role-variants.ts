/**
 * What the RemovedRole specs against moto_server share: every case runs against the provider as written and as
 * Pulumi runs it (serialized into the stack state and revived), and reads the error a call rejects with.
 */
import * as pulumi from "@pulumi/pulumi";
import { removedRoleProvider } from "../../pulumi/removed-role";

type Provider = typeof removedRoleProvider;
export type ProviderMethods = Required<Pick<Provider, "create" | "diff" | "update" | "delete">>;

async function revivedProvider(): Promise<ProviderMethods> {
  const serialized = await pulumi.runtime.serializeFunction(() => removedRoleProvider);
  const requireFromString = require("require-from-string") as (code: string, filename?: string) => { handler: () => Provider };
  return requireFromString(serialized.text, __filename).handler() as ProviderMethods;
}

export const PROVIDER_VARIANTS: ReadonlyArray<[string, () => Promise<ProviderMethods>]> = [
  ["as written", async () => removedRoleProvider as ProviderMethods],
  ["serialized as in the stack state", revivedProvider],
];

/** The error `promise` rejects with; a call that succeeds fails the test. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error("expected a rejection, but the call succeeded");
}
