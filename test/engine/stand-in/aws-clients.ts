/**
 * AWS SDK v3 clients for the stand-in, configured like the real provider's: the standard credential chain and the
 * standard endpoint overrides (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`), which the SDK reads itself, so
 * the harness points the stand-in at moto_server (or at a proxy in front of it) through the environment alone.
 * Every call has a timeout and bounded retries; S3 uses path-style addressing behind an endpoint override.
 */
import { IAMClient } from "@aws-sdk/client-iam";
import { KMSClient } from "@aws-sdk/client-kms";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";

const REQUEST_TIMEOUT_MS = 30_000;
const CONNECTION_TIMEOUT_MS = 5_000;
const MAX_ATTEMPTS = 3;

/** IAM and STS are global; their calls are signed for us-east-1 whatever the provider's region. */
const GLOBAL_REGION = "us-east-1";

/** Timeouts and retries of every client, the STS client of `assumeRoles` included. */
export const COMMON_CLIENT_CONFIG = {
  maxAttempts: MAX_ATTEMPTS,
  requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: CONNECTION_TIMEOUT_MS },
};

export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export class AwsClients {
  private readonly cache = new Map<string, unknown>();
  private readonly common: Record<string, unknown>;

  /**
   * `region`: the provider's region, for regional resources that name none of their own. `credentials`: those of
   * the roles the provider assumed (assume-roles.ts); without them, the standard chain's.
   */
  constructor(
    readonly region: string,
    credentials?: StaticCredentials,
  ) {
    this.common = { ...COMMON_CLIENT_CONFIG, ...(credentials !== undefined && { credentials }) };
  }

  iam(): IAMClient {
    return this.cached("iam", GLOBAL_REGION, () => new IAMClient({ ...this.common, region: GLOBAL_REGION }));
  }

  sts(): STSClient {
    return this.cached("sts", this.region, () => new STSClient({ ...this.common, region: this.region }));
  }

  s3(region = this.region): S3Client {
    const pathStyle = Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL);
    return this.cached("s3", region, () => new S3Client({ ...this.common, region, forcePathStyle: pathStyle }));
  }

  kms(region = this.region): KMSClient {
    return this.cached("kms", region, () => new KMSClient({ ...this.common, region }));
  }

  private cached<T>(service: string, region: string, create: () => T): T {
    const key = `${service} ${region}`;
    if (!this.cache.has(key)) this.cache.set(key, create());
    return this.cache.get(key) as T;
  }
}

/** The AWS error code of an SDK error (`NoSuchEntity`, `DeleteConflict`, …), or "" for anything else. */
export function awsErrorCode(error: unknown): string {
  return error instanceof Error ? error.name.replace(/Exception$/, "") : "";
}

/** `<Code>: <message>` on one line, the way the real provider quotes an AWS error. */
export function describeAwsError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const message = error.message.replace(/\s*\n\s*/g, " ").trim();
  return `${error.name}${status === undefined ? "" : ` (HTTP ${status})`}: ${message}`;
}

/** The real provider's error shape: `<action> <resource kind> (<id>): <AWS error>`. */
export function providerError(action: string, what: string, id: string, error: unknown): Error {
  return new Error(`${action} ${what} (${id}): ${describeAwsError(error)}`);
}

export function isNotFound(error: unknown): boolean {
  return ["NoSuchEntity", "NotFound", "NoSuchBucket", "NoSuchBucketPolicy", "NoSuchTagSet"].includes(awsErrorCode(error));
}

/** Runs an AWS call for which "it is already gone" is success. */
export async function ignoringNotFound(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
