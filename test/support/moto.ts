/**
 * moto_server, the AWS emulator, for tests: start one on a free loopback port, reset it between tests, give SDK
 * clients pointed at it (optionally acting in another account), and point the AWS SDK's standard environment at
 * it for code that configures itself (credential chain, `AWS_ENDPOINT_URL`).
 *
 *   describe("...", () => {
 *     const moto = useMoto();             // one server for the suite, reset and environment set before each test
 *     it("...", async () => { await moto.server.clients().iam.send(...); });
 *   });
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { KMSClient } from "@aws-sdk/client-kms";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";

/** The account moto acts in unless told otherwise. */
export const MOTO_DEFAULT_ACCOUNT = "123456789012";
export const MOTO_REGION = "us-east-1";

// The SDK warns on every client in Node 20 that newer versions will need Node 22; the tests don't need to hear it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export interface AwsClients {
  iam: IAMClient;
  sts: STSClient;
  s3: S3Client;
  kms: KMSClient;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface EnvironmentOptions {
  /** Default: the dummy credentials moto maps to its default (or its `MOTO_ACCOUNT_ID`) account. */
  credentials?: Credentials;
  /** Point the SDK at moto with `AWS_ENDPOINT_URL_<SERVICE>` for these services only, instead of `AWS_ENDPOINT_URL`. */
  services?: string[];
}

export interface MotoServer {
  readonly endpoint: string;
  readonly pid: number;
  /** Forgets every resource of every account. */
  reset(): Promise<void>;
  /**
   * Clients for this server; with `accountId`, every request acts in that account (moto's `x-moto-account-id`);
   * `region` for regional services (KMS keys live in one region), default us-east-1.
   */
  clients(accountId?: string, region?: string): AwsClients;
  /** Access keys that moto maps to `accountId`, for code that takes its credentials from the environment. */
  credentialsFor(accountId: string): Promise<Credentials>;
  /** Sets the SDK's standard environment variables to use this server; returns a function that restores them. */
  useAsEnvironment(options?: EnvironmentOptions): () => void;
  stop(): Promise<void>;
}

const DUMMY_CREDENTIALS: Credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
const STARTUP_TIMEOUT_MS = 20_000;

/**
 * Starts moto_server; `accountId` makes the whole server act as that account (`MOTO_ACCOUNT_ID`); `environment`
 * sets moto's other start-up options, e.g. `MOTO_IAM_LOAD_MANAGED_POLICIES` for AWS managed policies.
 */
export async function startMoto(options: { accountId?: string; environment?: Record<string, string> } = {}): Promise<MotoServer> {
  const env = {
    ...process.env,
    ...options.environment,
    ...(options.accountId !== undefined && { MOTO_ACCOUNT_ID: options.accountId }),
  };
  const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", "0"], { stdio: ["ignore", "ignore", "pipe"], env });
  const port = await portOf(child);
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilReady(endpoint, child);
  return new RunningMoto(endpoint, child);
}

/** Mocha hooks: one server for the enclosing suite, reset and set as the SDK environment before each test. */
export function useMoto(options: { accountId?: string } = {}): { readonly server: MotoServer } {
  let server: MotoServer | undefined;
  let restore: (() => void) | undefined;
  before(async function () {
    this.timeout(STARTUP_TIMEOUT_MS + 5_000);
    server = await startMoto(options);
  });
  beforeEach(async () => {
    await handle.server.reset();
    restore = handle.server.useAsEnvironment();
  });
  afterEach(() => restore?.());
  after(async () => server?.stop());
  const handle = {
    get server(): MotoServer {
      if (server === undefined) throw new Error("moto_server is not running: useMoto() must be called inside describe().");
      return server;
    },
  };
  return handle;
}

class RunningMoto implements MotoServer {
  readonly pid: number;

  constructor(
    readonly endpoint: string,
    private readonly child: ChildProcess,
  ) {
    this.pid = child.pid ?? -1;
  }

  async reset(): Promise<void> {
    const response = await fetch(`${this.endpoint}/moto-api/reset`, { method: "POST" });
    if (!response.ok) throw new Error(`moto_server reset failed with HTTP ${response.status}.`);
  }

  clients(accountId?: string, region = MOTO_REGION): AwsClients {
    const config = { endpoint: this.endpoint, region, credentials: DUMMY_CREDENTIALS };
    const clients: AwsClients = {
      iam: new IAMClient(config),
      sts: new STSClient(config),
      s3: new S3Client({ ...config, forcePathStyle: true }),
      kms: new KMSClient(config),
    };
    if (accountId !== undefined) {
      for (const client of Object.values(clients)) actInAccount(client, accountId);
    }
    return clients;
  }

  async credentialsFor(accountId: string): Promise<Credentials> {
    const { iam } = this.clients(accountId);
    const UserName = `moto-user-${accountId}-${Date.now()}`;
    await iam.send(new CreateUserCommand({ UserName }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName }));
    return { accessKeyId: AccessKey?.AccessKeyId ?? "", secretAccessKey: AccessKey?.SecretAccessKey ?? "" };
  }

  useAsEnvironment(options: EnvironmentOptions = {}): () => void {
    const credentials = options.credentials ?? DUMMY_CREDENTIALS;
    const endpoints = options.services
      ? Object.fromEntries(options.services.map((service) => [`AWS_ENDPOINT_URL_${service.toUpperCase()}`, this.endpoint]))
      : { AWS_ENDPOINT_URL: this.endpoint };
    return setEnvironment({
      ...endpoints,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: MOTO_REGION,
      // Keep the developer's own AWS configuration (profiles, endpoints, SSO) out of the tests.
      AWS_CONFIG_FILE: "/nonexistent/aws-config",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
      AWS_EC2_METADATA_DISABLED: "true",
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    const forced = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
    // Nothing outlives SIGKILL, but on a loaded machine the news of the end has come late enough (twice in CI) to
    // exceed a hook's 30 s: stop waiting for it 10 s after SIGKILL, so that cleaning up never fails a suite.
    const givenUp = new Promise<void>((resolve) => setTimeout(resolve, 15_000).unref());
    await Promise.race([exited, givenUp]);
    clearTimeout(forced);
  }
}

/** Replaces every AWS_* variable by `variables` (none inherited), plus the warning switch; returns the undo. */
function setEnvironment(variables: Record<string, string>): () => void {
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) {
    if (name.startsWith("AWS_") && name !== "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED") delete process.env[name];
  }
  Object.assign(process.env, variables);
  return () => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  };
}

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (next: (args: { request: unknown }) => Promise<unknown>) => (args: { request: unknown }) => Promise<unknown>,
      options: { step: "build" },
    ): void;
  };
}

function actInAccount(client: MiddlewareClient, accountId: string): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers["x-moto-account-id"] = accountId;
      return next(args);
    },
    { step: "build" },
  );
}

/** moto prints ` * Running on http://127.0.0.1:<port>` on stderr; the pipe keeps being drained afterwards. */
function portOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(`moto_server printed no port within ${STARTUP_TIMEOUT_MS} ms`), STARTUP_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${why}. Its output:\n${output}`));
    };
    child.once("error", (error) => fail(`moto_server could not be started (${error.message}); is it on PATH?`));
    child.once("exit", (code) => fail(`moto_server exited with code ${code} before it was ready`));
    child.stderr?.on("data", (chunk: Buffer) => {
      if (output.length < 10_000) output += chunk.toString();
      const match = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve(Number(match[1]));
      }
    });
  });
}

async function waitUntilReady(endpoint: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${endpoint}/moto-api/data.json`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`moto_server at ${endpoint} did not answer within ${STARTUP_TIMEOUT_MS} ms.`);
}
