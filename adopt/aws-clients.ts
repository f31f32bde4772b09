/**
 * AWS SDK v3 clients for the adoption lookups, one per service and region, configured the standard way: the
 * credential chain, and the SDK's own `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>` overrides, which the SDK
 * reads itself. S3 also needs path-style addressing behind an override: an emulator or proxy at `localhost:4566`
 * cannot answer for `<bucket>.localhost:4566`.
 */
import { IAMClient } from "@aws-sdk/client-iam";
import { KMSClient } from "@aws-sdk/client-kms";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import { IAM_REGION } from "../pulumi/declarations";

type Environment = Readonly<Record<string, string | undefined>>;

export class AwsClients {
  private readonly clients = new Map<string, { destroy(): void }>();
  private readonly pathStyle: boolean;

  constructor(environment: Environment = process.env) {
    this.pathStyle = s3EndpointIsOverridden(environment);
  }

  /** STS and IAM are global; their calls go to the IAM region, as the Pulumi program's do. */
  sts(): STSClient {
    return this.client("sts", IAM_REGION, () => new STSClient({ region: IAM_REGION }));
  }

  iam(): IAMClient {
    return this.client("iam", IAM_REGION, () => new IAMClient({ region: IAM_REGION }));
  }

  s3(region: string): S3Client {
    // A bucket answers only in its own region; following AWS's redirect keeps a lookup from failing on that.
    return this.client("s3", region, () => new S3Client({ region, forcePathStyle: this.pathStyle, followRegionRedirects: true }));
  }

  kms(region: string): KMSClient {
    return this.client("kms", region, () => new KMSClient({ region }));
  }

  /** Closes the clients' connections, so the command ends as soon as its work is done. */
  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
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
