/**
 * The one place that sets timeouts and retries for every AWS SDK client (aws/client-settings.ts), and the
 * one-line descriptions of failed calls (aws/errors.ts). The fault-injection specs show the settings at work
 * (test/adopt/import-plan.faults.moto.spec.ts, test/pulumi/removed-role.faults.moto.spec.ts).
 */
import { expect } from "chai";
import { AwsClients } from "../../adopt/aws-clients";
import { AwsSettingsError, DEFAULT_AWS_CLIENT_SETTINGS, awsClientConfig, readAwsClientSettings } from "../../aws/client-settings";
import { describeAwsError } from "../../aws/errors";

// The SDK warns on every client in Node 20 that newer versions will need Node 22; the tests don't need to hear it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

describe("AWS client settings", () => {
  it("defaults: 5 s to connect, 20 s for an answer, 5 attempts", () => {
    expect(readAwsClientSettings({})).to.deep.equal({ connectionTimeoutMs: 5_000, requestTimeoutMs: 20_000, maxAttempts: 5 });
    expect(DEFAULT_AWS_CLIENT_SETTINGS).to.deep.equal(readAwsClientSettings({}));
  });

  it("become the SDK's standard retry mode and the options of its NodeHttpHandler", () => {
    expect(awsClientConfig(DEFAULT_AWS_CLIENT_SETTINGS)).to.deep.equal({
      maxAttempts: 5,
      retryMode: "standard",
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000, throwOnRequestTimeout: true, socketTimeout: 20_000 },
    });
  });

  it("are overridden by the environment", () => {
    const environment = { IAM_SYNCR_AWS_CONNECTION_TIMEOUT_MS: "250", IAM_SYNCR_AWS_REQUEST_TIMEOUT_MS: " 1500 ", AWS_MAX_ATTEMPTS: "1" };
    expect(readAwsClientSettings(environment)).to.deep.equal({ connectionTimeoutMs: 250, requestTimeoutMs: 1500, maxAttempts: 1 });
    expect(readAwsClientSettings({ AWS_MAX_ATTEMPTS: "" })).to.deep.equal(DEFAULT_AWS_CLIENT_SETTINGS);
  });

  it("refuse an unusable value with one line naming the variable and what it takes", () => {
    const cases: [Record<string, string>, string][] = [
      [{ IAM_SYNCR_AWS_REQUEST_TIMEOUT_MS: "20s" }, 'IAM_SYNCR_AWS_REQUEST_TIMEOUT_MS must be a whole number from 1 to 600000, not "20s"'],
      [{ IAM_SYNCR_AWS_CONNECTION_TIMEOUT_MS: "0" }, 'IAM_SYNCR_AWS_CONNECTION_TIMEOUT_MS must be a whole number from 1 to 600000, not "0"'],
      [{ IAM_SYNCR_AWS_CONNECTION_TIMEOUT_MS: "1.5" }, 'IAM_SYNCR_AWS_CONNECTION_TIMEOUT_MS must be a whole number from 1 to 600000, not "1.5"'],
      [{ AWS_MAX_ATTEMPTS: "11" }, 'AWS_MAX_ATTEMPTS must be a whole number from 1 to 10, not "11"'],
      [{ AWS_MAX_ATTEMPTS: "-1" }, 'AWS_MAX_ATTEMPTS must be a whole number from 1 to 10, not "-1"'],
    ];
    for (const [environment, message] of cases) {
      expect(() => readAwsClientSettings(environment)).to.throw(AwsSettingsError, message);
    }
  });

  it("are what the command's client factory configures every client with", async () => {
    const clients = new AwsClients({ IAM_SYNCR_AWS_REQUEST_TIMEOUT_MS: "1234", AWS_MAX_ATTEMPTS: "3" });
    try {
      expect(clients.settings).to.deep.equal({ connectionTimeoutMs: 5_000, requestTimeoutMs: 1234, maxAttempts: 3 });
      for (const client of [clients.sts(), clients.iam(), clients.s3("eu-west-1"), clients.kms("eu-west-1")]) {
        const config = client.config as unknown as { maxAttempts(): Promise<number>; retryMode: string; requestHandler: { configProvider: Promise<object> } };
        expect([await config.maxAttempts(), config.retryMode, config.requestHandler.constructor.name]).to.deep.equal([3, "standard", "NodeHttpHandler"]);
        // The options the SDK's handler was built with (it keeps them until its first request).
        expect(await config.requestHandler.configProvider).to.deep.include({
          connectionTimeout: 5_000,
          requestTimeout: 1234,
          socketTimeout: 1234,
          throwOnRequestTimeout: true,
        });
      }
    } finally {
      clients.destroy();
    }
  });
});

describe("a failed AWS call in one line", () => {
  const withMetadata = (error: Error, metadata: object) => Object.assign(error, { $metadata: metadata });

  it("a timeout says what was waited for, how long, and how often it was tried", () => {
    const answer = Object.assign(new Error("@smithy/node-http-handler - [ERROR] a request has exceeded the configured 20000 ms requestTimeout."), {
      name: "TimeoutError",
      code: "ETIMEDOUT",
    });
    expect(describeAwsError(withMetadata(answer, { attempts: 5 }))).to.equal("no answer within 20 s, tried 5 times");
    const connection = Object.assign(
      new Error("@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 300 ms."),
      { name: "TimeoutError" },
    );
    expect(describeAwsError(connection)).to.equal("no connection within 300 ms");
    const idle = Object.assign(new Error("@smithy/node-http-handler - the request socket timed out after 1500 ms of inactivity (configured by client requestHandler)."), {
      name: "TimeoutError",
    });
    expect(describeAwsError(idle)).to.equal("no answer within 1500 ms");
  });

  it("a dropped connection is not called a timeout, though the SDK files it as one", () => {
    const dropped = Object.assign(new Error("socket hang up"), { name: "TimeoutError", code: "ECONNRESET" });
    expect(describeAwsError(withMetadata(dropped, { attempts: 2 }))).to.equal("the connection was closed without an answer (socket hang up), tried 2 times");
  });

  it("an answer the SDK cannot read: the status and the parser's reason, without the SDK's hint for developers", () => {
    const unreadable = new Error(
      "@aws-sdk XML parse error: unexpected content.\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.",
    );
    expect(describeAwsError(withMetadata(unreadable, { httpStatusCode: 500, attempts: 3 }))).to.equal(
      "AWS's answer could not be read (HTTP 500, XML parse error: unexpected content), tried 3 times",
    );
  });

  it("control characters in an answer's message are escaped, so an endpoint cannot drive the terminal", () => {
    const odd = Object.assign(new Error("denied\u001b[31m\r\nred\tline"), { name: "AccessDenied" });
    expect(describeAwsError(odd)).to.equal("AccessDenied: denied\\u001b[31m red\\u0009line");
  });

  it("a service error answered at once has no count of attempts", () => {
    const denied = withMetadata(Object.assign(new Error("User x is not authorized"), { name: "AccessDenied" }), { httpStatusCode: 403, attempts: 1 });
    expect(describeAwsError(denied)).to.equal("AccessDenied: User x is not authorized");
  });
});
