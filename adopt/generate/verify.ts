/**
 * The promise of `iam-syncr generate`, checked before anything is written: the account folder together with the
 * generated files compiles, every generated role, bucket and key compiles to what the account holds (documents
 * compared as equivalence.ts says, names, paths, descriptions, durations, boundaries, attachments, tags,
 * instance profiles, grants), and import-plan, given what was read, finds each of them with nothing to create or
 * change. The compilation runs on a copy in a temporary folder, so the account folder is never touched here.
 * A problem found here is a defect of the generator; its item is left out and the rest is written.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { planImport } from "../import-plan";
import type { BucketFacts, GrantFacts, InstanceProfileFacts, Inventory, KeyFacts, RoleFacts } from "../inventory";
import { compileAccount, type Diagnostic, type Plan } from "../../compiler";
import { Diagnostics } from "../../compiler/diagnostics";
import { discoverFiles } from "../../compiler/source/discover";
import { YamlPath } from "../../compiler/source/location";
import { compareText, listify } from "../../compiler/values";
import { declareResources, ResourceType } from "../../pulumi/declarations";
import { canonicalPolicy, stableJson } from "./equivalence";
import { bucketItem, keyItem, roleItem, type Generation } from "./generation";
import { grantIdentity } from "./keys";
import type { PlannedFile } from "./layout";
import type { LiveDocument, LiveRole } from "./live";

export interface VerificationContext {
  readonly accountName: string;
  readonly accountId: string;
  /** The text of accounts.yaml. */
  readonly accountsText: string;
  /** The account folder as it is (absent: no folder yet). */
  readonly accountFolder: string;
  /** `<stacks root>/_shared`, read by every account's compilation (DIALECT.md §14). */
  readonly sharedFolder: string;
  readonly region: string | undefined;
}

export interface Verification {
  /** Per item (`role web`), what does not hold. */
  readonly problems: ReadonlyMap<string, readonly string[]>;
  /** Warnings the compiler gives for the generated files (W2, W3, W7 …), with their paths in the output folder. */
  readonly warnings: readonly Diagnostic[];
}

/** How a problem found by the compiler starts. */
export const NOT_COMPILING = "the YAML written for it does not compile";

/** Where the generated files go inside the copy of the account folder. */
const GENERATED = "__iam-syncr-generate__";

export function verifyGeneration(files: readonly PlannedFile[], generation: Generation, context: VerificationContext): Verification {
  const problems = new Map<string, string[]>();
  const report = (item: string, problem: string) => problems.set(item, [...(problems.get(item) ?? []), problem]);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-generate-"));
  try {
    fs.writeFileSync(path.join(root, "accounts.yaml"), context.accountsText);
    const folder = path.join(root, context.accountName);
    fs.mkdirSync(folder);
    copyYamlFiles(context.accountFolder, folder);
    copyYamlFiles(context.sharedFolder, path.join(root, "_shared"));
    for (const file of files) {
      const target = path.join(folder, GENERATED, ...file.relativePath.split("/"));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, file.text);
    }
    const result = compileAccount({ accountFolder: folder, accountsFile: path.join(root, "accounts.yaml"), region: context.region, cwd: root });
    const generatedPrefix = `${context.accountName}/${GENERATED}/`;
    const warnings = result.diagnostics
      .filter((d) => d.severity === "warning" && d.file?.startsWith(generatedPrefix))
      .map((d) => ({ ...d, file: d.file!.slice(generatedPrefix.length) }));
    if (!result.ok) {
      for (const d of result.diagnostics.filter((x) => x.severity === "error")) {
        const items = itemsAt(d, generation);
        for (const item of items.length > 0 ? items : allItems(generation)) report(item, `${NOT_COMPILING}: ${d.message}`);
      }
      return { problems, warnings };
    }
    compareWithAccount(result.plan, generation, report);
    checkImportPlan(result.plan, generation, context.accountName, report);
    return { problems, warnings };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The YAML files of a folder, at the same relative paths (nothing when it does not exist). */
function copyYamlFiles(from: string, to: string): void {
  if (!fs.existsSync(from)) return;
  for (const file of discoverFiles(from, from, new Diagnostics()) ?? []) {
    const target = path.join(to, ...file.relativePath.split("/"));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file.absolutePath, target);
  }
}

function entryPaths(generation: Generation): { path: string; items: string[] }[] {
  return [
    ...generation.roles.map((r) => ({ path: YamlPath.of("roles", r.fullName).toString(), items: [roleItem(r.live)] })),
    ...generation.templates.map((t) => ({
      path: YamlPath.of("templates", t.name).toString(),
      items: generation.roles.filter((r) => r.use === t.name).map((r) => roleItem(r.live)),
    })),
    ...generation.buckets.map((b) => ({ path: YamlPath.of("buckets", b.name).toString(), items: [bucketItem(b.name)] })),
    ...generation.keys.map((k) => ({ path: YamlPath.of("keys", k.alias).toString(), items: [keyItem(k.alias)] })),
  ];
}

/** The generated items a diagnostic or an import-plan source (`roles.web`, `keys.app.grant[0]`) is about. */
function itemsAt(d: { path?: string }, generation: Generation): string[] {
  const at = d.path;
  if (at === undefined) return [];
  return entryPaths(generation)
    .filter(({ path: p }) => at === p || at.startsWith(`${p}.`) || at.startsWith(`${p}[`))
    .flatMap(({ items }) => items);
}

function allItems(generation: Generation): string[] {
  return [...generation.roles.map((r) => roleItem(r.live)), ...generation.buckets.map((b) => bucketItem(b.name)), ...generation.keys.map((k) => keyItem(k.alias))];
}

function compareWithAccount(plan: Plan, generation: Generation, report: (item: string, problem: string) => void): void {
  for (const role of generation.roles) {
    const item = roleItem(role.live);
    const compiled = plan.roles[role.fullName];
    const live = role.live;
    if (compiled === undefined) {
      report(item, "it is not in the compiled plan");
      continue;
    }
    const differs = (what: string, got: unknown, expected: unknown) => {
      if (stableJson(got) !== stableJson(expected)) report(item, `${what} compiles to ${JSON.stringify(got)}, but the account has ${JSON.stringify(expected)}`);
    };
    differs("its name", compiled.name, live.name);
    differs("its path", compiled.path, live.path);
    differs("its description", compiled.description ?? "", live.description ?? "");
    differs("its maximum session duration", compiled.maxSessionDuration ?? 3600, live.maxSessionDuration);
    differs("its permissions boundary", compiled.permissionsBoundary, live.permissionsBoundary);
    differs("its managed policies", [...(compiled.managedPolicies ?? [])].sort(compareText), [...live.attachedPolicyArns].sort(compareText));
    differs("its tags", compiled.tags, Object.fromEntries(live.tags.map((t) => [t.key, t.value])));
    differs("its instance profile", compiled.instanceProfile, role.body.make_instance_profile === true && hasOwnProfile(live));
    const documentDiffers = (what: string, got: string | null, expected: string | null) => {
      if (got !== expected) report(item, `${what} compiles to ${got ?? "none"}, but the account has ${expected ?? "none"}`);
    };
    documentDiffers("its trust policy", canonicalPolicy(compiled.trustPolicy), liveCanonical(live.trustPolicy));
    const expectedInline = live.inlinePolicies.length === 0 ? null : canonicalPolicy(mergedInline(live));
    documentDiffers("its inline policy", compiled.policy === null ? null : canonicalPolicy(compiled.policy), expectedInline);
    if (role.policyName !== null) differs("its inline policy's name", compiled.policyName, role.policyName);
  }
  for (const bucket of generation.buckets) {
    const item = bucketItem(bucket.name);
    const compiled = plan.buckets[bucket.name];
    if (compiled === undefined) {
      report(item, "it is not in the compiled plan");
      continue;
    }
    const live = bucket.live;
    const tags = Object.fromEntries(live.tags.filter((t) => !t.key.startsWith("aws:")).map((t) => [t.key, t.value]));
    if (compiled.location !== live.region) report(item, `its location compiles to ${compiled.location}, but the bucket is in ${live.region}`);
    if (stableJson(compiled.tags) !== stableJson(tags)) report(item, `its tags compile to ${JSON.stringify(compiled.tags)}, but the bucket has ${JSON.stringify(tags)}`);
    const expected = bucket.policyWritten && live.policy !== null ? liveCanonical(live.policy) : null;
    const got = compiled.policy === null ? null : canonicalPolicy(compiled.policy);
    if (got !== expected) report(item, `its policy compiles to ${got ?? "no policy"}, but ${expected === null ? "none is written" : `the bucket has ${expected}`}`);
  }
  for (const key of generation.keys) {
    const item = keyItem(key.alias);
    const compiled = plan.keys[key.alias];
    if (compiled === undefined) {
      report(item, "it is not in the compiled plan");
      continue;
    }
    const live = key.live;
    if (compiled.location !== live.region) report(item, `its location compiles to ${compiled.location}, but the key is in ${live.region}`);
    if (compiled.description !== live.description) report(item, `its description compiles to ${JSON.stringify(compiled.description)}, but the key has ${JSON.stringify(live.description)}`);
    const got = canonicalPolicy(compiled.policy);
    const expected = liveCanonical(live.policy);
    if (got !== expected) report(item, `its key policy compiles to ${got}, but the key has ${expected}`);
    const compiledGrants = compiled.grants
      .map((g) =>
        grantIdentity({
          grantId: "",
          name: null,
          granteePrincipal: g.grantee,
          retiringPrincipal: g.retiree,
          operations: g.operations,
          encryptionContextEquals: g.constraints?.EncryptionContextEquals ?? null,
          encryptionContextSubset: g.constraints?.EncryptionContextSubset ?? null,
        }),
      )
      .sort();
    const liveGrants = key.grants.map(grantIdentity).sort();
    if (stableJson(compiledGrants) !== stableJson(liveGrants)) report(item, `its grants compile to ${compiledGrants.join("; ")}, but the key's are ${liveGrants.join("; ")}`);
  }
}

function liveCanonical(document: LiveDocument): string {
  return document.parsed ? canonicalPolicy(document.document) : "an unreadable document";
}

/** The role's inline policies as one document: one policy as it is, several as the union of their statements. */
function mergedInline(role: LiveRole): unknown {
  if (role.inlinePolicies.length === 1) return (role.inlinePolicies[0].document as { document: unknown }).document;
  const statements = role.inlinePolicies.flatMap((p) => listify((p.document as { document: { Statement: unknown } }).document.Statement));
  return { Version: "2012-10-17", Statement: statements };
}

function hasOwnProfile(role: LiveRole): boolean {
  return role.instanceProfiles.some((p) => p.name === role.name && p.path === "/" && p.roleNames.length === 1 && p.roleNames[0] === role.name && p.tags.length === 0);
}

/** import-plan, given what was read: every generated resource is found, and nothing in it would change. */
function checkImportPlan(plan: Plan, generation: Generation, accountName: string, report: (item: string, problem: string) => void): void {
  const pick = <T>(record: Record<string, T>, names: readonly string[]) => Object.fromEntries(names.map((n) => [n, record[n]]));
  const generatedPlan: Plan = {
    ...plan,
    roles: pick(plan.roles, generation.roles.map((r) => r.fullName)),
    removedRoles: [],
    buckets: pick(plan.buckets, generation.buckets.map((b) => b.name)),
    keys: pick(plan.keys, generation.keys.map((k) => k.alias)),
  };
  const declarations = declareResources(generatedPlan);
  const merged = new Set(generation.roles.filter((r) => r.replacedPolicies.length > 0).map((r) => YamlPath.of("roles", r.fullName).toString()));
  const adoption = planImport(accountName, declarations, inventoryOf(generation, declarations));
  for (const created of adoption.created) {
    // --merge-inline-policies: the merged policy is new, and says so in the notes.
    if (created.type === ResourceType.rolePolicy && merged.has(created.source)) continue;
    for (const item of itemsAt({ path: created.source }, generation)) report(item, `import-plan would create ${created.type} ${created.name} instead of importing it`);
  }
  for (const finding of adoption.findings) {
    if (finding.kind === "untouched") continue;
    if (finding.kind === "change" && merged.has(finding.source) && finding.message.startsWith("inline policy ")) continue;
    for (const item of itemsAt({ path: finding.source }, generation)) report(item, `import-plan finds: ${finding.message}`);
  }
}

/** What import-plan would look up, answered from what generate read. */
function inventoryOf(generation: Generation, declarations: ReturnType<typeof declareResources>): Inventory {
  const roles = new Map<string, RoleFacts | null>();
  const instanceProfiles = new Map<string, InstanceProfileFacts | null>();
  const buckets = new Map<string, BucketFacts | null>();
  const keys = new Map<string, KeyFacts | null>();
  for (const { live } of generation.roles) {
    roles.set(live.name, { roleName: live.name, path: live.path, inlinePolicyNames: live.inlinePolicies.map((p) => p.name), attachedPolicyArns: live.attachedPolicyArns });
  }
  const profiles = new Map(generation.roles.flatMap(({ live }) => live.instanceProfiles.map((p) => [p.name, p] as const)));
  for (const d of declarations) {
    if (d.type !== ResourceType.instanceProfile) continue;
    const profile = profiles.get(d.inputs.name);
    instanceProfiles.set(d.inputs.name, profile === undefined ? null : { path: profile.path, roleNames: profile.roleNames });
  }
  for (const { name, live } of generation.buckets) buckets.set(name, { owner: "account", region: live.region, hasPolicy: live.policy !== null });
  for (const { alias, live } of generation.keys) {
    const grants: GrantFacts[] = live.grants.map((g) => ({
      grantId: g.grantId,
      granteePrincipal: g.granteePrincipal,
      retiringPrincipal: g.retiringPrincipal,
      operations: g.operations,
      encryptionContextEquals: g.encryptionContextEquals,
      encryptionContextSubset: g.encryptionContextSubset,
    }));
    keys.set(`alias/${alias}`, { keyId: live.keyId, arn: live.arn, keyState: live.keyState, keySpec: live.keySpec, grants });
  }
  return { roles, instanceProfiles, buckets, keys };
}
