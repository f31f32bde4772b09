/**
 * Property test: each document size limit of DIALECT.md 11.6 on both sides of its boundary, with random content
 * (non-ASCII characters up to U+10FFFF, quotes, backslashes, control characters, spaces) spread over several
 * statements. A document is built at exactly the limit and one above, as 11.6 measures it here independently of
 * compiler/limits.ts: IAM counts the characters of the reference text of 13.3 (reference-json.ts) other than white
 * space, S3 and KMS its UTF-8 bytes, and "any document" its length. At the limit it compiles without that
 * diagnostic; one above, the diagnostic says exactly that size and limit. Name, tag and grant field limits are
 * tested at their boundaries in test/compiler (see the table in aws-limits.spec.ts).
 */
import { expect } from "chai";
import fc from "fast-check";
import { formatDiagnostic, type CompileResult, type Diagnostic, type PolicyDocument } from "../../compiler";
import type { Yaml, YamlMapping } from "./generators";
import { compileFiles, dump } from "./layout";
import { referenceJson } from "./reference-json";
import { runs } from "./settings";

type Kind = "trust" | "inline" | "bucket" | "key";
type Measure = "iam" | "bytes" | "length";

const ACCOUNT_ID = "012345678901";

/** One code point of content: often one whose canonical form is longer than itself. */
const unit = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(" ", '"', "\\", "\t", "\n", "\u007f", "é", "€", "\u{1f600}", "\u{10ffff}") },
);
const value: fc.Arbitrary<Yaml> = fc.oneof(fc.string({ unit, maxLength: 8 }), fc.array(fc.string({ unit, maxLength: 8 }), { minLength: 1, maxLength: 2 }));
/** The random part of each statement's Condition: 1 to 4 statements, each with 1 or 2 values. */
const content = fc.array(fc.array(value, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 4 });

function measure(document: PolicyDocument, how: Measure): number {
  const text = referenceJson(document);
  if (how === "bytes") return Buffer.byteLength(text, "utf8");
  if (how === "length") return text.length;
  return text.replace(/[ \t\n\r]/g, "").length;
}

/** 1,234,567: the figures of the messages, written independently of toLocaleString. */
function figure(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

const SITES: Record<Kind, { path: string; what: string }> = {
  trust: { path: "roles.web", what: "trust policy" },
  inline: { path: "roles.web", what: "inline policy" },
  bucket: { path: "buckets.shop-assets", what: "bucket policy" },
  key: { path: "keys.shop-data", what: "key policy" },
};

/** The account folder's YAML: the document of `kind` has one statement per item of `content`; the last one holds `pad`. */
function yamlFor(kind: Kind, items: Yaml[][], pad: string): string {
  const statements = items.map((values, i): YamlMapping => {
    const condition: YamlMapping = Object.fromEntries(values.map((v, j) => [`aws:PrincipalTag/s${i}v${j}`, v]));
    if (i === items.length - 1) condition["aws:PrincipalTag/pad"] = pad;
    const Condition = { StringEquals: condition };
    switch (kind) {
      case "trust":
        return { service: "ec2", Condition };
      case "inline":
        return { action: "s3:GetObject", resource: `arn:aws:s3:::assets/s${i}/*`, Condition };
      case "bucket":
        return { principal: { iam: "root" }, action: "s3:GetObject", resource: { s3: "__self__" }, Condition };
      case "key":
        return { principal: { iam: "root" }, action: "kms:Decrypt", resource: "*", Condition };
    }
  });
  const document: YamlMapping =
    kind === "trust"
      ? { roles: { web: { allow_to_assume_me: statements } } }
      : kind === "inline"
        ? { roles: { web: { allow_to_assume_me: { service: "ec2" }, allow_permission: statements } } }
        : kind === "bucket"
          ? { buckets: { "shop-assets": { location: "eu-west-1", allow_permission: statements } } }
          : { keys: { "shop-data": { location: "eu-west-1", description: "Shop data", allow_permission: statements } } };
  return dump(document, undefined);
}

function compile(kind: Kind, items: Yaml[][], pad: string, quota: number | undefined): CompileResult {
  const accounts = quota === undefined ? `sandbox: "${ACCOUNT_ID}"\n` : `sandbox: {id: "${ACCOUNT_ID}", limits: {trust_policy_size: ${quota}}}\n`;
  return compileFiles({ "accounts.yaml": accounts, "sandbox/main.yaml": yamlFor(kind, items, pad) }, "sandbox", "eu-west-1");
}

function documentOf(result: CompileResult, kind: Kind): PolicyDocument {
  if (!result.ok) throw new Error(`expected the document to compile:\n${result.diagnostics.map(formatDiagnostic).join("\n")}`);
  const plan = result.plan;
  const document = kind === "trust" ? plan.roles.web.trustPolicy : kind === "inline" ? plan.roles.web.policy : kind === "bucket" ? plan.buckets["shop-assets"].policy : plan.keys["shop-data"].policy;
  if (document === null) throw new Error(`no ${kind} document`);
  return document;
}

/** A diagnostic of the document, as code, path and message (the statement sizes after "; largest statements" cut off). */
function shown(d: Diagnostic): string {
  return `${d.code} ${d.path}: ${d.message.split("; largest statements: ")[0]}`;
}

interface Boundary {
  title: string;
  kind: Kind;
  measure: Measure;
  /** The padding character: "a" adds one to every measure, a space only to the length. */
  pad: "a" | " ";
  /** The account's own trust policy quota in accounts.yaml: drawn from the range AWS grants. */
  quota?: true;
  limit: (quota: number | undefined) => number;
  /** The diagnostics at the limit and one above, given the limit. */
  within: (limit: number) => string[];
  above: (limit: number) => string[];
}

const tooLarge = (kind: Kind, unit: "characters" | "bytes") => (limit: number) => [
  `E9101 ${SITES[kind].path}: ${SITES[kind].what} is ${figure(limit + 1)} ${unit}, limit ${figure(limit)}`,
];
const w7 = (size: number) => `W7 roles.web: trust policy is ${figure(size)} characters, above the default quota of 2,048 (adjustable up to 4,096)`;

const BOUNDARIES: Boundary[] = [
  { title: "trust policy: W7 above the default quota of 2,048 characters", kind: "trust", measure: "iam", pad: "a", limit: () => 2048, within: () => [], above: (l) => [w7(l + 1)] },
  { title: "trust policy: an error above 4,096 characters", kind: "trust", measure: "iam", pad: "a", limit: () => 4096, within: (l) => [w7(l)], above: tooLarge("trust", "characters") },
  {
    title: "trust policy: an error above the account's own quota (accounts.yaml limits), and no W7",
    kind: "trust",
    measure: "iam",
    pad: "a",
    quota: true,
    limit: (quota) => quota as number,
    within: () => [],
    above: tooLarge("trust", "characters"),
  },
  { title: "inline policy: an error above 10,240 characters", kind: "inline", measure: "iam", pad: "a", limit: () => 10240, within: () => [], above: tooLarge("inline", "characters") },
  { title: "bucket policy: an error above 20,480 bytes", kind: "bucket", measure: "bytes", pad: "a", limit: () => 20480, within: () => [], above: tooLarge("bucket", "bytes") },
  { title: "key policy: an error above 32,768 bytes", kind: "key", measure: "bytes", pad: "a", limit: () => 32768, within: () => [], above: tooLarge("key", "bytes") },
  { title: "any document (an inline policy): an error above 131,072 characters", kind: "inline", measure: "length", pad: " ", limit: () => 131072, within: () => [], above: tooLarge("inline", "characters") },
  { title: "any document (a trust policy): an error above 131,072 characters", kind: "trust", measure: "length", pad: " ", limit: () => 131072, within: () => [], above: tooLarge("trust", "characters") },
];

describe("property: each document size limit on both sides of its boundary (11.6)", function () {
  this.timeout(120_000);

  for (const boundary of BOUNDARIES) {
    it(boundary.title, () => {
      const quotas = boundary.quota ? fc.integer({ min: 2048, max: 4096 }) : fc.constant(undefined);
      fc.assert(
        fc.property(content, quotas, (items, quota) => {
          const limit = boundary.limit(quota);
          // The same document without padding, measured; the padding then brings it to the limit exactly.
          const base = measure(documentOf(compile(boundary.kind, items, "", quota), boundary.kind), boundary.measure);
          expect(base, "the random content leaves room for padding").to.be.below(limit);
          const pad = (n: number) => boundary.pad.repeat(n);

          const within = compile(boundary.kind, items, pad(limit - base), quota);
          expect(measure(documentOf(within, boundary.kind), boundary.measure), "the padded document is at the limit").to.equal(limit);
          expect(within.diagnostics.map(shown), "at the limit").to.deep.equal(boundary.within(limit));

          const above = compile(boundary.kind, items, pad(limit - base + 1), quota);
          expect(above.diagnostics.map(shown), "one above the limit").to.deep.equal(boundary.above(limit));
          expect(above.ok, "one above the limit compiles only with a warning").to.equal(boundary.above(limit).every((d) => d.startsWith("W")));
        }),
        runs(12),
      );
    });
  }
});
