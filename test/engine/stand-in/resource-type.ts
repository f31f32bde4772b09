/**
 * One resource type of the stand-in: the CRUD of the Pulumi provider protocol for it, written against AWS the
 * way terraform-provider-aws does it (each module names the file it follows). `olds` are the state's outputs,
 * `news` the program's inputs after `check`; ids and outputs have the shapes pulumi-aws gives them, so a stack
 * made with the stand-in reads like one made with the real provider.
 */
import type { AwsClients } from "./aws-clients";
import type { InputRule, Properties } from "./properties";

export interface Context {
  readonly aws: AwsClients;
  /** The provider's region: regional resources without a `region` input live there. */
  readonly region: string;
}

export interface Created {
  readonly id: string;
  readonly outs: Properties;
}

export interface ReadResult {
  /** "" when the resource is gone. */
  readonly id: string;
  readonly outs: Properties;
  /** The inputs a `pulumi import` records for it. */
  readonly inputs: Properties;
}

export interface ResourceType {
  /** The Pulumi type token, e.g. `aws:iam/role:Role`. */
  readonly token: string;
  readonly inputs: readonly InputRule[];
  /** Failures of the schema's validation (ValidateFunc); none by default. */
  validate?(news: Properties): { property: string; reason: string }[];
  create(context: Context, news: Properties): Promise<Created>;
  /** `olds` is empty for `pulumi import`, which passes the import ID as `id`. */
  read(context: Context, id: string, olds: Properties): Promise<ReadResult>;
  update(context: Context, id: string, olds: Properties, news: Properties): Promise<Properties>;
  delete(context: Context, id: string, olds: Properties): Promise<void>;
}

/** The region a regional resource lives in: its own `region` input, else the provider's. */
export function regionOf(context: Context, properties: Properties): string {
  return typeof properties.region === "string" && properties.region !== "" ? properties.region : context.region;
}

export function text(properties: Properties, name: string): string {
  const value = properties[name];
  if (typeof value !== "string") throw new Error(`the input "${name}" is missing or not a string`);
  return value;
}

export function optionalText(properties: Properties, name: string): string | undefined {
  const value = properties[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function strings(properties: Properties, name: string): string[] {
  const value = properties[name];
  return Array.isArray(value) ? value.map(String) : [];
}

export function tagsOf(properties: Properties): Record<string, string> {
  const value = properties.tags;
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, string>) : {};
}

/** Tags as the AWS APIs take them. */
export function tagList(tags: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** A document that AWS may return URL-encoded (IAM) or raw. */
export function decodeDocument(document: string | undefined): string {
  if (document === undefined) return "";
  const trimmed = document.trimStart();
  return trimmed.startsWith("{") ? document : decodeURIComponent(document);
}
