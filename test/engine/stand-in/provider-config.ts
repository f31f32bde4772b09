/**
 * The provider's own configuration (the inputs of a `pulumi:providers:aws` resource) and what the real provider
 * does with it when the engine configures it: terraform-provider-aws internal/conns/config.go
 * (`ConfigureProvider`) asks STS which account the credentials belong to and refuses any account not in
 * `allowedAccountIds` ("AWS account ID not allowed: <id>", aws-sdk-go-base `VerifyAccountIDAllowed`), before any
 * resource of that provider is read or changed, in a preview as in an update. With `assumeRoles` (aws-sdk-go-base
 * `getCredentials`, `assumeRoleCredentialsProvider`), every call is made with the credentials of STS AssumeRole of
 * that role, asked for with the environment's credentials; the account check runs on the assumed credentials.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { AwsClients, describeAwsError, type TemporaryCredentials } from "./aws-clients";

export interface AssumeRole {
  readonly roleArn: string;
  readonly sessionName?: string;
}

export interface ProviderConfig {
  readonly region: string;
  readonly allowedAccountIds: readonly string[];
  /** The provider's `assumeRoles`: the first is assumed (the real provider chains them; the program gives one). */
  readonly assumeRoles: readonly AssumeRole[];
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
  const assumeRoles = variables.get("aws:config:assumeRoles");
  return {
    region,
    allowedAccountIds: allowed === undefined ? [] : (JSON.parse(allowed) as string[]),
    assumeRoles: assumeRoles === undefined ? [] : (JSON.parse(assumeRoles) as AssumeRole[]),
  };
}

/** The clients of a configured provider: the environment's credentials, or those of the role it assumes. */
export async function providerClients(config: ProviderConfig): Promise<AwsClients> {
  if (config.assumeRoles.length === 0) return new AwsClients(config.region);
  if (config.assumeRoles.length > 1) throw new Error("The stand-in assumes one role; the program declares at most one");
  const [{ roleArn, sessionName }] = config.assumeRoles;
  const sts = new STSClient({ region: config.region, maxAttempts: 3, requestHandler: { requestTimeout: 30_000, connectionTimeout: 5_000 } });
  let credentials: TemporaryCredentials;
  try {
    const answer = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName ?? "stand-in" }));
    const { AccessKeyId, SecretAccessKey, SessionToken } = answer.Credentials ?? {};
    if (AccessKeyId === undefined || SecretAccessKey === undefined) throw new Error("STS answered without credentials");
    credentials = { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: SessionToken };
  } catch (error) {
    throw new Error(`IAM Role (${roleArn}) cannot be assumed: ${describeAwsError(error)}`);
  } finally {
    sts.destroy();
  }
  return new AwsClients(config.region, credentials);
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
