/**
 * The deploy role (accounts.yaml `deploy_role`, docs/credentials.md): iam-syncr starts from the credentials of
 * the SDK's standard chain (the environment, a profile, SSO, an instance or container role) and assumes the
 * account's deploy role with STS AssumeRole before any other call for that account. The AWS providers of the
 * Pulumi program do the same through their `assumeRoles` setting; this module does it for the `remove_roles`
 * provider (pulumi/role-removal.ts) and the commands that read an account (adopt/aws-clients.ts).
 *
 * The account guard does not trust this: each user of these credentials still asks STS GetCallerIdentity, with
 * them, which account they act in, and changes nothing in another account.
 *
 * Serialized into the stack state with the RemovedRole provider (pulumi-notes §2): functions and plain data only,
 * the SDK required inside the functions, regular expressions written inside them.
 */
import { describeAwsError } from "./errors";
/** The role to assume and the name of the session, as STS AssumeRole takes them. */
export interface AssumeRoleTarget {
  readonly roleArn: string;
  readonly sessionName: string;
}

/** The name every failure of `assumedRoleCredentials` carries, so that callers can tell it from a failed call. */
export const DEPLOY_ROLE_ERROR = "DeployRoleError";

/**
 * `iam-syncr-<stack>`, within STS's rules for RoleSessionName (2 to 64 characters of `[\w+=,.@-]`): it names the
 * tool and the stack in CloudTrail (and in the assumed role's ARN, which GetCallerIdentity shows). A character
 * STS does not accept becomes `-`; a longer name is cut at 64 characters. Account names (DIALECT.md 1.5.1) are
 * already within the character set, so only a stack name of more than 54 characters changes.
 */
export function deploySessionName(stack: string): string {
  return `iam-syncr-${stack}`.replace(/[^\w+=,.@-]/g, "-").slice(0, 64);
}

/** What STS AssumeRole gives; SDK v3 clients take a function returning it as their `credentials`. */
export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

/**
 * A credential provider for AWS SDK v3 clients: the deploy role's temporary credentials, from STS AssumeRole called
 * with the standard chain's credentials through a client made with `clientConfig` (region, timeouts, retries:
 * aws/client-settings.ts). The credentials are kept until five minutes before they expire, then assumed again;
 * callers that ask at the same time share one AssumeRole. A failure is an Error named DEPLOY_ROLE_ERROR whose
 * message names the role, the session and the AWS error; it is not kept, so the next call tries again.
 */
export function assumedRoleCredentials(target: AssumeRoleTarget, clientConfig: Record<string, unknown>): () => Promise<TemporaryCredentials> {
  const refreshMarginMs = 5 * 60 * 1000;
  let held: TemporaryCredentials | undefined;
  let pending: Promise<TemporaryCredentials> | undefined;
  return async () => {
    if (held !== undefined && held.expiration.getTime() - Date.now() > refreshMarginMs) return held;
    pending ??= assumeRole(target, clientConfig)
      .then((credentials) => (held = credentials))
      .finally(() => (pending = undefined));
    return pending;
  };
}

async function assumeRole(target: AssumeRoleTarget, clientConfig: Record<string, unknown>): Promise<TemporaryCredentials> {
  const { STSClient, AssumeRoleCommand } = require("@aws-sdk/client-sts") as typeof import("@aws-sdk/client-sts");
  const failure = (reason: string) =>
    Object.assign(new Error(`could not assume the deploy role ${target.roleArn} (STS AssumeRole, session ${target.sessionName}): ${reason}`), {
      name: DEPLOY_ROLE_ERROR,
    });
  const sts = new STSClient(clientConfig);
  try {
    let answer;
    try {
      answer = await sts.send(new AssumeRoleCommand({ RoleArn: target.roleArn, RoleSessionName: target.sessionName }));
    } catch (error) {
      throw failure(describeAwsError(error));
    }
    // An answer without them (an empty body, say) is a failed call, never credentials to guess at.
    const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = answer.Credentials ?? {};
    const fields = { AccessKeyId, SecretAccessKey, SessionToken, Expiration };
    const missing = Object.keys(fields).find((field) => fields[field as keyof typeof fields] === undefined);
    if (missing !== undefined) throw failure(`the answer lacks Credentials.${missing}, which AWS always sends`);
    return { accessKeyId: AccessKeyId!, secretAccessKey: SecretAccessKey!, sessionToken: SessionToken!, expiration: Expiration! };
  } finally {
    sts.destroy();
  }
}
