/**
 * An HTTP proxy in front of moto_server through which every AWS call of the engine runs (the stand-in provider,
 * the `remove_roles` provider, `iam-syncr import-plan`). It forwards each request unchanged, unless a rule answers
 * it first: the tests use rules to inject AWS failures part-way through a run, and to add the AWS behaviours
 * moto lacks that the defects of issue 9 depend on (principal validation, IAM's propagation delay, who may
 * retire a grant). It also records which AWS operations were called, in order.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface AwsRequest {
  /** The signing name from the Authorization header: `iam`, `sts`, `kms`, `s3`. */
  readonly service: string;
  /** `CreateRole`, `RetireGrant`, …; for S3, the REST method and sub-resource, e.g. `PUT ?policy`. */
  readonly action: string;
  /** Form fields (query protocol) or the JSON body (JSON protocol); for S3, the path's bucket as `Bucket`. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The raw body (for S3 PutBucketPolicy, the policy). */
  readonly body: string;
  /** The access key that signed it (moto maps it to an account). */
  readonly accessKeyId: string;
}

export interface Reply {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

/** Answers a request itself (a Reply), or lets it through (undefined), possibly after waiting. */
export type Rule = (request: AwsRequest) => Promise<Reply | undefined> | Reply | undefined;

export class AwsProxy {
  private readonly rules: Rule[] = [];
  private readonly calls: string[] = [];

  private constructor(
    private readonly server: http.Server,
    readonly endpoint: string,
  ) {}

  static async start(target: string): Promise<AwsProxy> {
    const upstream = new URL(target);
    let proxy: AwsProxy | undefined;
    const server = http.createServer((request, response) => {
      void proxy?.handle(upstream, request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    proxy = new AwsProxy(server, `http://127.0.0.1:${port}`);
    return proxy;
  }

  /** Adds a rule (earlier rules answer first); returns a function that removes it. */
  use(rule: Rule): () => void {
    this.rules.push(rule);
    return () => {
      const index = this.rules.indexOf(rule);
      if (index >= 0) this.rules.splice(index, 1);
    };
  }

  /** `service:Action` of every call since the last `clearCalls`, in arrival order. */
  recordedCalls(): readonly string[] {
    return [...this.calls];
  }

  clearCalls(): void {
    this.calls.length = 0;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(upstream: URL, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    try {
      const parsed = parseRequest(request, body.toString("utf8"));
      this.calls.push(`${parsed.service}:${parsed.action}`);
      for (const rule of [...this.rules]) {
        const reply = await rule(parsed);
        if (reply !== undefined) {
          response.writeHead(reply.status, { "content-type": reply.contentType, "x-amzn-requestid": "proxy-rule" });
          response.end(reply.body);
          return;
        }
      }
      await forward(upstream, request, body, response);
    } catch (error) {
      response.writeHead(502, { "content-type": "text/plain" });
      response.end(`aws-proxy: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function parseRequest(request: http.IncomingMessage, body: string): AwsRequest {
  const authorization = String(request.headers.authorization ?? "");
  const scope = /Credential=([^/]+)\/[^/]+\/[^/]+\/([^/]+)\//.exec(authorization);
  const accessKeyId = scope?.[1] ?? "";
  const service = scope?.[2] ?? "";
  const target = request.headers["x-amz-target"];
  if (typeof target === "string") {
    return { service, action: target.split(".").pop() ?? "", params: body === "" ? {} : (JSON.parse(body) as Record<string, unknown>), body, accessKeyId };
  }
  const url = new URL(request.url ?? "/", "http://proxy");
  if (service === "s3") {
    const subresource = [...url.searchParams.keys()].filter((key) => !key.startsWith("x-id")).sort().join("&");
    const bucket = url.pathname.split("/")[1] ?? "";
    return { service, action: `${request.method} ${subresource === "" ? "" : `?${subresource}`}`.trim(), params: { Bucket: bucket }, body, accessKeyId };
  }
  const form = new URLSearchParams(body);
  return { service, action: form.get("Action") ?? "", params: Object.fromEntries(form.entries()), body, accessKeyId };
}

function forward(upstream: URL, request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: upstream.host },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        answer.once("end", resolve);
        answer.once("error", reject);
      },
    );
    outgoing.once("error", reject);
    outgoing.end(body);
  });
}

/** An error answer in the shape of the service's protocol, so the SDK raises it as that AWS error. */
export function awsError(request: AwsRequest, code: string, message: string, status = 400): Reply {
  if (request.service === "kms") {
    return { status, contentType: "application/x-amz-json-1.1", body: JSON.stringify({ __type: code, message }) };
  }
  if (request.service === "s3") {
    return {
      status,
      contentType: "application/xml",
      body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><RequestId>proxy</RequestId></Error>`,
    };
  }
  return {
    status,
    contentType: "text/xml",
    body:
      `<ErrorResponse xmlns="https://${request.service}.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>` +
      `<Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>proxy</RequestId></ErrorResponse>`,
  };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
