/**
 * The buckets and keys of the stacks root, and which of them a role policy's Resource names: a bucket by its
 * ARN (`arn:aws:s3:::name`) or its objects (`arn:aws:s3:::name/…`), a key by its alias ARN or by a key ARN
 * pattern of its account and region (key ids are not known offline, so only a pattern such as `key/*` can name
 * one). `"*"` names the buckets and keys of the role's own account: in another account, access also needs the
 * bucket's or key's own policy, which the graph draws from that side.
 *
 * Literal names are looked up; only patterns with a wildcard in the bucket or alias part are matched against
 * every resource, so the work grows with the statements, not with statements times resources.
 */
import { hasWildcard, matchesPattern } from "../lint/patterns";
import { canMatchWithPrefix } from "./patterns";

export type DataService = "s3" | "kms";

export interface DataResource {
  node: string;
  service: DataService;
  /** The account id that defines it. */
  accountId: string;
  /** The bucket ARN, or the key's alias ARN. */
  arn: string;
  /** What ARNs of its parts begin with: `arn:aws:s3:::name/`, or `arn:aws:kms:<region>:<id>:key/`. */
  partPrefix: string;
}

/** A resource a pattern names, and for a bucket the object part it names (`public/*`), if it names objects only. */
export interface NamedResource {
  resource: DataResource;
  objects: string | undefined;
}

const S3_PREFIX = "arn:aws:s3:::";
const KMS_PREFIX = "arn:aws:kms:";

export class ResourceIndex {
  private readonly all: DataResource[] = [];
  private readonly buckets = new Map<string, DataResource>();
  private readonly aliases = new Map<string, DataResource>();
  private readonly byAccount = new Map<string, DataResource[]>();

  addBucket(node: string, accountId: string, name: string): void {
    const resource: DataResource = { node, service: "s3", accountId, arn: `${S3_PREFIX}${name}`, partPrefix: `${S3_PREFIX}${name}/` };
    this.add(resource);
    if (!this.buckets.has(name)) this.buckets.set(name, resource);
  }

  addKey(node: string, accountId: string, aliasArn: string, location: string): void {
    const resource: DataResource = { node, service: "kms", accountId, arn: aliasArn, partPrefix: `${KMS_PREFIX}${location}:${accountId}:key/` };
    this.add(resource);
    if (!this.aliases.has(aliasArn)) this.aliases.set(aliasArn, resource);
  }

  private add(resource: DataResource): void {
    this.all.push(resource);
    let list = this.byAccount.get(resource.accountId);
    if (list === undefined) this.byAccount.set(resource.accountId, (list = []));
    list.push(resource);
  }

  /** The resources of `service` that `pattern` names, for a role of account `ownAccount`. */
  named(pattern: string, service: DataService, ownAccount: string): NamedResource[] {
    if (pattern === "*") return (this.byAccount.get(ownAccount) ?? []).filter((r) => r.service === service).map((resource) => ({ resource, objects: undefined }));
    if (service === "s3" && pattern.startsWith(S3_PREFIX)) {
      const rest = pattern.slice(S3_PREFIX.length);
      const slash = rest.indexOf("/");
      const bucketPart = slash < 0 ? rest : rest.slice(0, slash);
      if (!hasWildcard(bucketPart)) {
        const resource = this.buckets.get(bucketPart);
        if (resource === undefined) return [];
        return [{ resource, objects: slash < 0 ? undefined : rest.slice(slash + 1) }];
      }
    }
    if (service === "kms" && pattern.startsWith(KMS_PREFIX) && !hasWildcard(pattern)) {
      const resource = this.aliases.get(pattern);
      return resource === undefined ? [] : [{ resource, objects: undefined }];
    }
    return this.all.filter((r) => r.service === service).flatMap((resource) => this.match(pattern, resource));
  }

  private match(pattern: string, resource: DataResource): NamedResource[] {
    if (matchesPattern(pattern, resource.arn, false)) return [{ resource, objects: undefined }];
    if (!canMatchWithPrefix(pattern, resource.partPrefix)) return [];
    if (resource.service === "kms") return [{ resource, objects: undefined }];
    // A pattern over several buckets names, in each, the objects its part after the first "/" names.
    const slash = pattern.indexOf("/", S3_PREFIX.length);
    return [{ resource, objects: slash < 0 ? "*" : pattern.slice(slash + 1) }];
  }

  /** Every resource of `service` in `account` (for an Allow with NotResource). */
  ofAccount(account: string, service: DataService): DataResource[] {
    return (this.byAccount.get(account) ?? []).filter((r) => r.service === service);
  }
}
