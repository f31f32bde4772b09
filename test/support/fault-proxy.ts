/**
 * A local HTTP proxy in front of moto_server that fails chosen AWS calls in chosen ways, for tests of what the
 * tool does when AWS misbehaves. Point the SDK at it the way the tool is pointed at any endpoint
 * (`AWS_ENDPOINT_URL`); every call passes through to moto until a rule says otherwise:
 *
 *   const proxy = await startFaultProxy(moto.server.endpoint);
 *   process.env.AWS_ENDPOINT_URL = proxy.endpoint;
 *   proxy.failAfter("GetRole", 2, "empty 200");   // the first 2 GetRole calls pass, every later one gets an empty 200
 *   ...
 *   proxy.calls;                                  // ["GetCallerIdentity", "GetRole", ...] in the order they came
 *   await proxy.stop();
 *
 * Operations are named as in the AWS API: from `Action=` of a query request (IAM, STS), from `X-Amz-Target`
 * (KMS), and from the method, path and query of an S3 request (only the operations the tool uses).
 */
import * as http from "node:http";
import type * as net from "node:net";
import type { MotoServer } from "./moto";

export type Fault =
  /** The connection is closed without an answer. */
  | "close"
  /** HTTP 500 with a body that is not an AWS error. */
  | "500"
  /** HTTP 200 with an empty body. */
  | "empty 200"
  /** The request is read, and no answer ever comes (the connection stays open). */
  | "never answer"
  /** HTTP 200 with a body that breaks off in the middle of an XML element. */
  | "malformed XML";

interface Rule {
  operation: string;
  /** Calls of the operation that still pass before the fault starts. */
  passing: number;
  fault: Fault;
  /** How many calls get the fault; then the rule is spent. */
  remaining: number;
}

export interface FaultProxy {
  readonly endpoint: string;
  /** Every operation received, in order (faulted or not). */
  readonly calls: readonly string[];
  /** After `n` more calls of `operation` pass, the following `times` calls (default: all) get `fault`. */
  failAfter(operation: string, n: number, fault: Fault, times?: number): void;
  /** Drops every rule and forgets the calls. */
  reset(): void;
  stop(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const rules: Rule[] = [];
  const calls: string[] = [];
  const sockets = new Set<net.Socket>();

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const operation = operationOf(request, body);
      calls.push(operation);
      const fault = faultFor(rules, operation);
      if (fault === undefined) forward(upstream, request, body, response);
      else inject(fault, request, response);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    failAfter(operation, n, fault, times = Infinity) {
      rules.push({ operation, passing: n, fault, remaining: times });
    },
    reset() {
      rules.length = 0;
      calls.length = 0;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Mocha hooks: before each test, a fault proxy in front of `moto`'s server, and `environment` with
 * `AWS_ENDPOINT_URL` (the proxy) set in this process; after it, the environment as it was and the proxy stopped.
 */
export function useFaultProxy(moto: { readonly server: MotoServer }, environment: Record<string, string>): { readonly proxy: FaultProxy } {
  let proxy: FaultProxy | undefined;
  const saved: Record<string, string | undefined> = {};
  beforeEach(async () => {
    proxy = await startFaultProxy(moto.server.endpoint);
    for (const [name, value] of Object.entries({ ...environment, AWS_ENDPOINT_URL: proxy.endpoint })) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  afterEach(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await proxy?.stop();
  });
  return {
    get proxy(): FaultProxy {
      if (proxy === undefined) throw new Error("no fault proxy yet: useFaultProxy() must be called inside describe(), and its proxy read inside a test.");
      return proxy;
    },
  };
}

function faultFor(rules: Rule[], operation: string): Fault | undefined {
  const rule = rules.find((r) => r.operation === operation && r.remaining > 0);
  if (rule === undefined) return undefined;
  if (rule.passing > 0) {
    rule.passing--;
    return undefined;
  }
  rule.remaining--;
  return rule.fault;
}

function inject(fault: Fault, request: http.IncomingMessage, response: http.ServerResponse): void {
  switch (fault) {
    case "close":
      request.socket.destroy();
      return;
    case "500":
      response.writeHead(500, { "content-type": "text/plain" }).end("injected fault");
      return;
    case "empty 200":
      response.writeHead(200, { "content-type": "text/xml", "content-length": "0" }).end();
      return;
    case "never answer":
      return;
    case "malformed XML":
      response.writeHead(200, { "content-type": "text/xml" }).end('<?xml version="1.0"?>\n<Response><Result><Name>trunc');
      return;
  }
}

function forward(upstream: URL, request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): void {
  const outgoing = http.request(
    { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  outgoing.on("error", () => request.socket.destroy());
  outgoing.end(body);
}

/** The AWS operation of a request, as far as the tool's calls need it. */
function operationOf(request: http.IncomingMessage, body: Buffer): string {
  const target = request.headers["x-amz-target"];
  if (typeof target === "string") return target.slice(target.indexOf(".") + 1);
  const action = new URLSearchParams(body.toString("utf8")).get("Action");
  if (action !== null) return action;
  return s3OperationOf(request.method ?? "GET", new URL(request.url ?? "/", "http://proxy"));
}

function s3OperationOf(method: string, url: URL): string {
  const bucket = url.pathname.split("/").filter(Boolean)[0];
  if (bucket === undefined) return method === "GET" ? "ListBuckets" : `${method} /`;
  if (method === "HEAD") return "HeadBucket";
  if (method === "GET" && url.searchParams.has("location")) return "GetBucketLocation";
  if (method === "GET" && url.searchParams.has("policy")) return "GetBucketPolicy";
  return `${method} ${url.pathname}`;
}
