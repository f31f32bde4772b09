/**
 * Mocha hooks for an engine suite: one moto_server (with AWS managed policies loaded, as a real account has
 * them), the AWS proxy in front of it, and an isolated Pulumi workspace whose AWS calls go through the proxy.
 * The steps of a suite share that state and run in order; nothing is reset between them.
 *
 *   describe("…", function () {
 *     const engine = useEngine();
 *     it("…", async () => { await engine.workspace.pulumi(["up", "--yes", "--stack", "example"]); });
 *   });
 */
import { CreatePolicyCommand } from "@aws-sdk/client-iam";
import { MOTO_DEFAULT_ACCOUNT, startMoto } from "../../support/moto";
import type { AwsClients, MotoServer } from "../../support/moto";
import { AwsProxy } from "./aws-proxy";
import { locatePulumiCli } from "./pulumi-cli";
import { preparePulumiWorkspace } from "./workspace";
import type { Credentials, PulumiWorkspace } from "./workspace";

/** A step runs one or a few Pulumi commands; on 2 busy cores one takes 5–30 s. */
export const STEP_TIMEOUT_MS = 5 * 60_000;

export interface Engine {
  readonly moto: MotoServer;
  readonly proxy: AwsProxy;
  readonly workspace: PulumiWorkspace;
  /** SDK clients straight to moto (not through the proxy), acting in `accountId`, for `region` (default us-east-1). */
  clients(accountId: string, region?: string): AwsClients;
}

/** The credentials that act in moto's default account; any other account gets access keys moto issued in it. */
const DEFAULT_ACCOUNT_CREDENTIALS: Credentials = { accessKeyId: "testing", secretAccessKey: "testing" };

export function useEngine(options: { stacksRoot?: string } = {}): Engine {
  let moto: MotoServer | undefined;
  let proxy: AwsProxy | undefined;
  let workspace: PulumiWorkspace | undefined;

  before(async function () {
    this.timeout(40 * 60_000);
    const cli = locatePulumiCli();
    if (!cli.available) throw new Error(`The engine suite needs a Pulumi CLI: ${cli.reason}`);
    moto = await startMoto({ environment: { MOTO_IAM_LOAD_MANAGED_POLICIES: "true" } });
    proxy = await AwsProxy.start(moto.endpoint);
    const server = moto;
    workspace = await preparePulumiWorkspace({
      cli: cli.path,
      stacksRoot: options.stacksRoot,
      aws: {
        endpoint: proxy.endpoint,
        credentialsFor: (accountId) => (accountId === MOTO_DEFAULT_ACCOUNT ? Promise.resolve(DEFAULT_ACCOUNT_CREDENTIALS) : server.credentialsFor(accountId)),
      },
    });
  });

  after(async function () {
    this.timeout(60_000);
    await workspace?.dispose();
    await proxy?.stop();
    await moto?.stop();
  });

  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: useEngine() must be called inside describe().`);
    return value;
  };
  return {
    get moto() {
      return required(moto, "moto_server");
    },
    get proxy() {
      return required(proxy, "the AWS proxy");
    },
    get workspace() {
      return required(workspace, "the Pulumi workspace");
    },
    clients(accountId: string, region?: string) {
      return required(moto, "moto_server").clients(accountId, region);
    },
  };
}

/** Customer managed policies the account must hold before a stack attaches them (an account's own, made by hand). */
export async function createCustomerPolicies(clients: AwsClients, names: readonly string[]): Promise<void> {
  const document = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
  for (const PolicyName of names) await clients.iam.send(new CreatePolicyCommand({ PolicyName, PolicyDocument: document }));
}
