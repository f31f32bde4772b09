/**
 * The AWS SDK v3 clients of iam-syncr's commands: one per service and region, created on first use. Any command
 * that reads an account (import-plan, and whatever comes next) takes its clients from here, so that every call
 * has the same timeouts and retry policy (aws/client-settings.ts, docs/robustness.md) and the same
 * configuration as AWS's own tools: the credential chain, and the SDK's `AWS_ENDPOINT_URL` /
 * `AWS_ENDPOINT_URL_<SERVICE>` overrides, which the SDK reads itself. S3 also needs path-style addressing
 * behind an override: an emulator or proxy at `localhost:4566` cannot answer for `<bucket>.localhost:4566`.
 * With the account's deploy role (accounts.yaml `deploy_role`), every client acts with that role's credentials,
 * assumed once with the standard chain's (aws/assume-role.ts), as the Pulumi program's providers do.
 *
 *   const clients = new AwsClients();       // throws AwsSettingsError for an unusable setting in the environment
 *   try { await lookUp({ what, operation: "IAM GetRole", send: () => clients.iam().send(...) }); }
 *   finally { clients.destroy(); }
 *
 * Wrap each call in lookUp / lookUpIfExists (aws-calls.ts): failures then become one readable line.
 */
import { IAMClient } from "@aws-sdk/client-iam";
import { KMSClient } from "@aws-sdk/client-kms";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import { assumedRoleCredentials, type AssumeRoleTarget } from "../aws/assume-role";
import { awsClientConfig, readAwsClientSettings, type AwsClientSettings } from "../aws/client-settings";
import { IAM_REGION } from "../pulumi/declarations";

type Environment = Readonly<Record<string, string | undefined>>;

export class AwsClients {
  private readonly clients = new Map<string, { destroy(): void }>();
  private readonly pathStyle: boolean;
  /** The deploy role's credentials, shared by every client: one AssumeRole for the whole command. */
  private readonly credentials: ReturnType<typeof assumedRoleCredentials> | undefined;
  readonly settings: AwsClientSettings;

  /** `deployRole`: the role to act as in the account; without it, the standard chain's credentials as they are. */
  constructor(environment: Environment = process.env, readonly deployRole?: AssumeRoleTarget) {
    this.pathStyle = s3EndpointIsOverridden(environment);
    this.settings = readAwsClientSettings(environment);
    this.credentials = deployRole === undefined ? undefined : assumedRoleCredentials(deployRole, { region: IAM_REGION, ...awsClientConfig(this.settings) });
  }

  /** STS and IAM are global; their calls go to the IAM region, as the Pulumi program's do. */
  sts(): STSClient {
    return this.client("sts", IAM_REGION, () => new STSClient({ region: IAM_REGION, ...this.config() }));
  }

  iam(): IAMClient {
    return this.client("iam", IAM_REGION, () => new IAMClient({ region: IAM_REGION, ...this.config() }));
  }

  s3(region: string): S3Client {
    // A bucket answers only in its own region; following AWS's redirect keeps a lookup from failing on that.
    return this.client("s3", region, () => new S3Client({ region, forcePathStyle: this.pathStyle, followRegionRedirects: true, ...this.config() }));
  }

  kms(region: string): KMSClient {
    return this.client("kms", region, () => new KMSClient({ region, ...this.config() }));
  }

  /** Closes the clients' connections, so the command ends as soon as its work is done. */
  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private config() {
    return { ...awsClientConfig(this.settings), ...(this.credentials !== undefined && { credentials: this.credentials }) };
  }

  private client<T extends { destroy(): void }>(service: string, region: string, create: () => T): T {
    const key = `${service} ${region}`;
    let client = this.clients.get(key) as T | undefined;
    if (client === undefined) {
      client = create();
      this.clients.set(key, client);
    }
    return client;
  }
}

/** Whether the SDK sends S3 requests to an overridden endpoint (it ignores overrides when told to). */
export function s3EndpointIsOverridden(environment: Environment): boolean {
  if (environment.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === "true") return false;
  return Boolean(environment.AWS_ENDPOINT_URL_S3 || environment.AWS_ENDPOINT_URL);
}
