import { expect } from "chai";
import { s3EndpointIsOverridden } from "../../adopt/aws-clients";
import { AwsLookupError, describeAwsError, lookUp, lookUpIfExists } from "../../adopt/aws-calls";
import { mapConcurrently } from "../../adopt/concurrently";

/** An error shaped like the SDK's service errors. */
function awsError(name: string, message: string, httpStatusCode?: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

describe("adoption: AWS plumbing", () => {
  describe("path-style S3 addressing", () => {
    it("is used when the SDK sends S3 requests to an overridden endpoint", () => {
      expect(s3EndpointIsOverridden({})).to.equal(false);
      expect(s3EndpointIsOverridden({ AWS_ENDPOINT_URL: "http://localhost:4566" })).to.equal(true);
      expect(s3EndpointIsOverridden({ AWS_ENDPOINT_URL_S3: "http://localhost:4566" })).to.equal(true);
      expect(s3EndpointIsOverridden({ AWS_ENDPOINT_URL_IAM: "http://localhost:4566" })).to.equal(false);
      expect(s3EndpointIsOverridden({ AWS_ENDPOINT_URL: "" })).to.equal(false);
    });

    it("is not used when the SDK is told to ignore configured endpoints", () => {
      expect(s3EndpointIsOverridden({ AWS_ENDPOINT_URL: "http://localhost:4566", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" })).to.equal(false);
    });
  });

  describe("AWS failures", () => {
    const call = { what: 'role "web"', operation: "IAM GetRole" };

    it("an answer that means 'no such thing' is null", async () => {
      const absent = await lookUpIfExists({ ...call, absentWhen: ["NoSuchEntityException"], send: () => Promise.reject(awsError("NoSuchEntityException", "Role web not found", 404)) });
      expect(absent).to.equal(null);
    });

    it("any other failure is one sentence naming what was looked up, the operation and the AWS error", async () => {
      const denied = awsError("AccessDenied", "User: arn:aws:iam::1:user/x is not authorized\nto perform: iam:GetRole", 403);
      for (const lookup of [() => lookUpIfExists({ ...call, absentWhen: ["NoSuchEntityException"], send: () => Promise.reject(denied) }), () => lookUp({ ...call, send: () => Promise.reject(denied) })]) {
        const error = await lookup().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(AwsLookupError);
        expect((error as Error).message).to.equal(
          'could not look up role "web" (IAM GetRole): AccessDenied: User: arn:aws:iam::1:user/x is not authorized to perform: iam:GetRole',
        );
      }
    });

    it("describes network failures, bare HTTP answers and missing credentials readably", () => {
      expect(describeAwsError(new Error("connect ECONNREFUSED 127.0.0.1:9"))).to.equal("connect ECONNREFUSED 127.0.0.1:9");
      expect(describeAwsError(awsError("Forbidden", "UnknownError", 403))).to.equal("Forbidden (HTTP 403)");
      expect(describeAwsError(awsError("TimeoutError", "TimeoutError: socket hang up"))).to.equal("TimeoutError: socket hang up");
      expect(describeAwsError(awsError("CredentialsProviderError", "Could not load credentials from any providers"))).to.equal(
        "no AWS credentials found (Could not load credentials from any providers); set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
      );
      expect(describeAwsError("odd")).to.equal("odd");
    });
  });

  describe("lookups at once", () => {
    it("keeps the items' order and never runs more than the limit at a time", async () => {
      let running = 0;
      let most = 0;
      const results = await mapConcurrently([30, 10, 20, 5, 1], 2, async (ms) => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, ms));
        running--;
        return ms * 2;
      });
      expect(results).to.deep.equal([60, 20, 40, 10, 2]);
      expect(most).to.equal(2);
    });

    it("starts nothing after a failure and rejects with the first one", async () => {
      const started: number[] = [];
      const outcome = await mapConcurrently([1, 2, 3, 4, 5], 1, async (n) => {
        started.push(n);
        if (n === 2) throw new Error("lookup 2 failed");
        return n;
      }).then(
        () => "resolved",
        (e: Error) => e.message,
      );
      expect(outcome).to.equal("lookup 2 failed");
      expect(started).to.deep.equal([1, 2]);
    });

    it("does nothing for no items", async () => {
      expect(await mapConcurrently([], 4, async () => 1)).to.deep.equal([]);
    });
  });
});
