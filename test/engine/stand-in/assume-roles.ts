/**
 * The provider's `assumeRoles` (pulumi-aws 7's list of `assume_role` blocks), done the way terraform-provider-aws
 * does it: internal/conns/config.go (`ConfigureProvider`) hands the list to aws-sdk-go-base, whose credentials.go
 * (`getCredentialsProvider`, `assumeRoleCredentialsProvider`) first retrieves the standard chain's credentials,
 * then assumes each role in order with the credentials of the one before, each AssumeRole made right away, while
 * the provider is configured. A role that cannot be assumed fails the configuration ("Cannot assume IAM Role",
 * errors.go), before any resource of the provider is read or changed; the last role's credentials are then used
 * for every call, the account check of config.go (STS GetCallerIdentity, `allowedAccountIds`) included.
 *
 * The real provider caches and refreshes the credentials as they near expiry; a stand-in run lasts minutes, well
 * within the hour an AssumeRole session lasts, so the credentials are kept as they came.
 */
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { describeAwsError } from "./aws-clients";

export interface AssumeRoleConfig {
  readonly roleArn: string;
  readonly sessionName?: string;
}

export interface AssumedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration?: Date;
}

/** The fields of an `assume_role` block this stand-in implements; any other one is refused rather than ignored. */
const IMPLEMENTED = new Set(["roleArn", "sessionName"]);

/**
 * `assumeRoles` as the Configure request carries it: the SDK sends the list JSON-encoded (pulumi-notes §1.5), with
 * pulumi-aws's field names.
 */
export function parseAssumeRoles(text: string | undefined): AssumeRoleConfig[] {
  if (text === undefined || text === "") return [];
  const roles = JSON.parse(text) as Record<string, unknown>[];
  if (!Array.isArray(roles)) throw new Error(`assumeRoles must be a list, found ${text}`);
  return roles.map((role, index) => {
    for (const [field, value] of Object.entries(role)) {
      if (!IMPLEMENTED.has(field) && value !== undefined && value !== null && value !== "") {
        throw new Error(`the stand-in AWS provider does not implement assumeRoles[${index}].${field}`);
      }
    }
    const roleArn = typeof role.roleArn === "string" ? role.roleArn : "";
    if (roleArn === "") throw new Error(`Cannot assume IAM Role: IAM Role ARN not set in assume role ${index + 1} of ${roles.length}`);
    return { roleArn, ...(typeof role.sessionName === "string" && role.sessionName !== "" && { sessionName: role.sessionName }) };
  });
}

/**
 * The credentials to act with after assuming `roles` in order (undefined without any: the standard chain's own).
 * `clientConfig` is the STS client's (region, timeouts, retries).
 */
export async function assumeRoles(roles: readonly AssumeRoleConfig[], clientConfig: Record<string, unknown>): Promise<AssumedCredentials | undefined> {
  let credentials: AssumedCredentials | undefined;
  for (const role of roles) {
    const sts = new STSClient({ ...clientConfig, ...(credentials !== undefined && { credentials }) });
    try {
      const answer = await sts.send(new AssumeRoleCommand({ RoleArn: role.roleArn, RoleSessionName: role.sessionName ?? defaultSessionName() }));
      const given = answer.Credentials;
      if (given?.AccessKeyId === undefined || given.SecretAccessKey === undefined || given.SessionToken === undefined) {
        throw new Error("STS AssumeRole answered without credentials");
      }
      credentials = { accessKeyId: given.AccessKeyId, secretAccessKey: given.SecretAccessKey, sessionToken: given.SessionToken, expiration: given.Expiration };
    } catch (error) {
      throw new Error(`Cannot assume IAM Role: IAM Role (${role.roleArn}) cannot be assumed. Error: ${describeAwsError(error)}`);
    } finally {
      sts.destroy();
    }
  }
  return credentials;
}

/** aws-sdk-go-v2's stscreds names a session without a name `aws-go-sdk-<nanoseconds>`. */
function defaultSessionName(): string {
  return `aws-go-sdk-${Date.now()}000000`;
}
