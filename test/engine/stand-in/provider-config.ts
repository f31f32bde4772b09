/**
 * The provider's own configuration (the inputs of a `pulumi:providers:aws` resource) and what the real provider
 * does with it when the engine configures it: terraform-provider-aws internal/conns/config.go
 * (`ConfigureProvider`) asks STS which account the credentials belong to and refuses any account not in
 * `allowedAccountIds` ("AWS account ID not allowed: <id>", aws-sdk-go-base `VerifyAccountIDAllowed`), before any
 * resource of that provider is read or changed, in a preview as in an update. With `assumeRoles`, it does so
 * with the credentials of the last role assumed (assume-roles.ts).
 */
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { AwsClients, describeAwsError } from "./aws-clients";
import { parseAssumeRoles, type AssumeRoleConfig } from "./assume-roles";

export interface ProviderConfig {
  readonly region: string;
  readonly allowedAccountIds: readonly string[];
  readonly assumeRoles: readonly AssumeRoleConfig[];
}

/**
 * The Configure request's `variables`, keyed `aws:config:<name>`. The SDK sends every non-string provider input as
 * JSON text (pulumi-notes §1.5), so `allowedAccountIds` arrives as `["123456789012"]`.
 */
export function providerConfig(variables: ReadonlyMap<string, string>): ProviderConfig {
  const region = variables.get("aws:config:region") ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (region === undefined || region === "") {
    throw new Error("The AWS provider needs a region: set aws:region, or the provider's region input, or AWS_REGION.");
  }
  const allowed = variables.get("aws:config:allowedAccountIds");
  return {
    region,
    allowedAccountIds: allowed === undefined ? [] : (JSON.parse(allowed) as string[]),
    assumeRoles: parseAssumeRoles(variables.get("aws:config:assumeRoles")),
  };
}

/** config.go: STS GetCallerIdentity, then the account check. */
export async function verifyAccount(config: ProviderConfig, aws: AwsClients): Promise<void> {
  let account: string | undefined;
  try {
    account = (await aws.sts().send(new GetCallerIdentityCommand({}))).Account;
  } catch (error) {
    throw new Error(`Retrieving AWS account details: validating provider credentials: ${describeAwsError(error)}`);
  }
  if (account === undefined || account === "") throw new Error("Retrieving AWS account details: STS returned no account");
  if (config.allowedAccountIds.length > 0 && !config.allowedAccountIds.includes(account)) {
    throw new Error(`AWS account ID not allowed: ${account}`);
  }
}
