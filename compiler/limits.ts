/**
 * Size limits of documents (DIALECT.md 11.6), checked on the canonical text: IAM counts characters other
 * than white space, S3 and KMS count UTF-8 bytes. A document over a limit names its largest statements, so
 * the user knows what to split.
 */
import { canonicalSizes } from "./canonical";
import type { Diagnostics, Site } from "./diagnostics";
import type { BuiltStatement } from "./documents/document";
import { Messages } from "./messages";
import type { PolicyDocument } from "./plan";

export type SizeUnit = "characters" | "bytes";

export interface SizeLimit {
  /** "trust policy", "inline policy", … */
  what: string;
  unit: SizeUnit;
  limit: number;
  /** Above this, a warning instead of an error (the trust policy's default quota, W7). */
  warnAbove?: number;
}

export const LIMITS = {
  trustPolicy: { what: "trust policy", unit: "characters", limit: 4096, warnAbove: 2048 },
  inlinePolicy: { what: "inline policy", unit: "characters", limit: 10240 },
  bucketPolicy: { what: "bucket policy", unit: "bytes", limit: 20480 },
  keyPolicy: { what: "key policy", unit: "bytes", limit: 32768 },
} as const satisfies Record<string, SizeLimit>;

/**
 * The trust policy's limit: the account's own quota where accounts.yaml declares it (an error above it), else
 * a warning above the default quota (W7) and an error above the highest quota AWS grants.
 */
export function trustPolicyLimit(quota: number | undefined): SizeLimit {
  return quota === undefined ? LIMITS.trustPolicy : { what: "trust policy", unit: "characters", limit: quota };
}

/** Any document, whatever its kind (the API's transport limit). */
const ANY_DOCUMENT = 131072;

/** The canonical text is ASCII, so its UTF-8 bytes are its length. */
const measure = (document: unknown, unit: SizeUnit) => {
  const sizes = canonicalSizes(document);
  return unit === "characters" ? sizes.iam : sizes.length;
};
const figure = (n: number) => n.toLocaleString("en-US");

/** Returns false after reporting an error (warnings do not fail). */
export function checkDocumentSize(
  document: PolicyDocument,
  built: readonly BuiltStatement[],
  limit: SizeLimit,
  site: Site,
  diagnostics: Diagnostics,
): boolean {
  const sizes = canonicalSizes(document);
  const size = limit.unit === "characters" ? sizes.iam : sizes.length;
  if (sizes.length > ANY_DOCUMENT) {
    diagnostics.report(
      Messages.documentTooLarge,
      { what: limit.what, size: figure(sizes.length), unit: "characters", limit: figure(ANY_DOCUMENT), largest: largest(built, limit.unit) },
      site,
    );
    return false;
  }
  if (size > limit.limit) {
    diagnostics.report(
      Messages.documentTooLarge,
      { what: limit.what, size: figure(size), unit: limit.unit, limit: figure(limit.limit), largest: largest(built, limit.unit) },
      site,
    );
    return false;
  }
  if (limit.warnAbove !== undefined && size > limit.warnAbove) {
    diagnostics.report(Messages.trustAboveQuota, { size: figure(size), largest: largest(built, limit.unit) }, site);
  }
  return true;
}

/** `; largest statements: allow_permission[3] (1,234 characters), …` (at most three). */
function largest(built: readonly BuiltStatement[], unit: SizeUnit): string {
  if (built.length < 2) return "";
  const sized = built
    .map(({ statement, source }) => ({ path: source.path.toString(), size: measure(statement, unit) }))
    .sort((a, b) => b.size - a.size)
    .slice(0, 3);
  return `; largest statements: ${sized.map((s) => `${s.path} (${figure(s.size)} ${unit})`).join(", ")}`;
}
