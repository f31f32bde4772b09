/**
 * What `@pulumi/pulumi/provider` 3.248 lacks for a provider like the real AWS one, added to the gRPC server that
 * `provider.main` starts (before it starts: `addService` receives the SDK's service object, and these methods are
 * answered here, every other call by the SDK):
 * - Configure: the SDK answers it without handing the configuration to the provider; the real AWS provider reads
 *   its region and `allowedAccountIds` there;
 * - CheckConfig and DiffConfig: left unimplemented by the SDK; the real provider decides at DiffConfig that a new
 *   region replaces the provider (and so every resource of it);
 * - Read without properties, which is what `pulumi import` sends: the SDK's Read dereferences the missing
 *   properties and fails; here they become an empty object;
 * - a detailed diff: the SDK's Diff answers only "changes" and "replaces", so `pulumi preview --diff` compares the
 *   old and new inputs itself and marks every property whose text differs, an equivalent policy included. The
 *   real provider (pulumi-terraform-bridge) always answers with a detailed diff of the properties that differ
 *   as the provider compares them, and the CLI marks only those; so does the stand-in.
 */
import * as path from "node:path";

interface GrpcCall {
  request: {
    getUrn(): string;
    getVariablesMap(): { forEach(callback: (value: string, key: string) => void): void };
    getNews(): { toJavaScript(): Record<string, unknown> } | undefined;
    getOlds(): { toJavaScript(): Record<string, unknown> } | undefined;
    getProperties(): unknown;
    setProperties(properties: unknown): void;
  };
}
type Callback = (error: { code: number; details: string } | null, response?: unknown) => void;

const sdkRoot = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdkRoot] })) as {
  Server: { prototype: { addService(service: unknown, implementation: object): void } };
  status: { UNKNOWN: number; INVALID_ARGUMENT: number };
};
const providerProto = require(path.join(sdkRoot, "proto", "provider_pb")) as Record<string, any>;
const structProto = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [sdkRoot] })) as {
  Struct: { fromJavaScript(value: object): unknown };
};

export interface ConfigHandlers {
  /** Throws to refuse the configuration; the message reaches the user. */
  configure(variables: ReadonlyMap<string, string>): Promise<void>;
  /** Inputs whose change replaces the provider. */
  readonly replacingInputs: readonly string[];
  /** A resource's diff, as the stand-in compares its state (`olds`) with the program's inputs (`news`). */
  diff(urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): { changed: readonly string[]; replaces: readonly string[] };
}

export function extendProviderProtocol(handlers: ConfigHandlers): void {
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service: unknown, implementation: object) {
    const extended = Object.create(implementation) as Record<string, unknown>;
    const read = (implementation as { read(call: GrpcCall, callback: Callback): void }).read;
    extended.read = (call: GrpcCall, callback: Callback) => {
      if (call.request.getProperties() == null) call.request.setProperties(structProto.Struct.fromJavaScript({}));
      return read.call(implementation, call, callback);
    };
    extended.configure = (call: GrpcCall, callback: Callback) => configure(handlers, call, callback);
    extended.checkConfig = (call: GrpcCall, callback: Callback) => {
      const response = new providerProto.CheckResponse();
      response.setInputs(call.request.getNews());
      callback(null, response);
    };
    extended.diffConfig = (call: GrpcCall, callback: Callback) => diffConfig(handlers, call, callback);
    extended.diff = (call: GrpcCall, callback: Callback) => diff(handlers, call, callback);
    return addService.call(this, service, extended);
  };
}

function configure(handlers: ConfigHandlers, call: GrpcCall, callback: Callback): void {
  const variables = new Map<string, string>();
  call.request.getVariablesMap().forEach((value, key) => variables.set(key, value));
  handlers.configure(variables).then(
    () => {
      const response = new providerProto.ConfigureResponse();
      // Secrets and resource references arrive as plain values; previews never call create or update.
      response.setAcceptsecrets(false);
      response.setSupportspreview(false);
      response.setAcceptresources(false);
      response.setAcceptoutputs(false);
      callback(null, response);
    },
    (error: unknown) => callback({ code: grpc.status.UNKNOWN, details: error instanceof Error ? error.message : String(error) }),
  );
}

function diffConfig(handlers: ConfigHandlers, call: GrpcCall, callback: Callback): void {
  const olds = call.request.getOlds()?.toJavaScript() ?? {};
  const news = call.request.getNews()?.toJavaScript() ?? {};
  const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((key) => key !== "version");
  const changed = keys.filter((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
  const response = new providerProto.DiffResponse();
  response.setChanges(changed.length > 0 ? providerProto.DiffResponse.DiffChanges.DIFF_SOME : providerProto.DiffResponse.DiffChanges.DIFF_NONE);
  response.setDiffsList(changed);
  response.setReplacesList(changed.filter((key) => handlers.replacingInputs.includes(key)));
  callback(null, response);
}

function diff(handlers: ConfigHandlers, call: GrpcCall, callback: Callback): void {
  let result: { changed: readonly string[]; replaces: readonly string[] };
  const olds = call.request.getOlds()?.toJavaScript() ?? {};
  const news = call.request.getNews()?.toJavaScript() ?? {};
  try {
    result = handlers.diff(call.request.getUrn(), olds, news);
  } catch (error) {
    callback({ code: grpc.status.UNKNOWN, details: error instanceof Error ? error.message : String(error) });
    return;
  }
  const { DiffResponse, PropertyDiff } = providerProto;
  const response = new DiffResponse();
  response.setChanges(result.changed.length > 0 ? DiffResponse.DiffChanges.DIFF_SOME : DiffResponse.DiffChanges.DIFF_NONE);
  response.setDiffsList([...result.changed]);
  response.setReplacesList([...result.replaces]);
  response.setHasdetaileddiff(true);
  const detailed = response.getDetaileddiffMap();
  for (const key of result.changed) {
    detailed.set(key, new PropertyDiff().setKind(propertyDiffKind(olds[key], news[key], result.replaces.includes(key))).setInputdiff(true));
  }
  callback(null, response);
}

/** How the CLI shows one property: `+` added, `-` removed, `~` changed; `+-` when its change replaces the resource. */
function propertyDiffKind(old: unknown, next: unknown, replaces: boolean): number {
  const { Kind } = providerProto.PropertyDiff;
  if (old === undefined || old === null) return replaces ? Kind.ADD_REPLACE : Kind.ADD;
  if (next === undefined || next === null) return replaces ? Kind.DELETE_REPLACE : Kind.DELETE;
  return replaces ? Kind.UPDATE_REPLACE : Kind.UPDATE;
}
