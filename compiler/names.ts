/**
 * The names that become AWS names: roles and their inline policies (4.2, 4.3), buckets (7.2) and key aliases
 * (8.1). They are YAML keys, so they are checked when the files are combined, whatever their bodies hold.
 */
import type { Diagnostics, Site } from "./diagnostics";
import { Messages } from "./messages";

/** An IAM RoleName: 1 to 64 characters of this set. */
const ROLE_LEAF = /^[A-Za-z0-9+=,.@_-]{1,64}$/;
const POLICY_NAME = /^[A-Za-z0-9+=,.@_-]{1,128}$/;
const KEY_NAME = /^[A-Za-z0-9:/_-]{1,250}$/;

/** The IAM RoleName: the part of the full name after its last `/`. */
export function leafOf(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf("/") + 1);
}

/** The Path a full name implies: `ops/ci/runner` → `/ops/ci/`, `web` → `/`. */
export function pathOf(fullName: string): string {
  const slash = fullName.lastIndexOf("/");
  return slash < 0 ? "/" : `/${fullName.slice(0, slash)}/`;
}

/** A role's ARN exactly as the plan's documents write it: `arn:aws:iam::<account>:role<path><name>`. */
export function roleArn(accountId: string, role: { path: string; name: string }): string {
  return `arn:aws:iam::${accountId}:role${role.path}${role.name}`;
}

/** 4.3: kept from the original, so that roles it created keep their policy. */
export function policyNameOf(fullName: string): string {
  return `syncr_policy_${fullName.replaceAll("/", "__")}`;
}

/** A full role name (4.2) whose slashes leave no path or leaf to read: a leading, trailing or doubled `/`. */
export function hasMisplacedSlash(fullName: string): boolean {
  return fullName.startsWith("/") || fullName.endsWith("/") || fullName.includes("//");
}

/** What is wrong with an IAM RoleName (the leaf of a full name), or undefined. */
export function roleLeafProblem(leaf: string): string | undefined {
  if (ROLE_LEAF.test(leaf)) return undefined;
  return leaf.length > 64 ? `is ${leaf.length} characters, more than 64` : "contains characters IAM does not allow";
}

export function checkRoleName(fullName: string, site: Site, diagnostics: Diagnostics): boolean {
  if (hasMisplacedSlash(fullName)) {
    diagnostics.report(Messages.roleNameSlashes, { name: fullName }, site);
    return false;
  }
  let ok = true;
  const leaf = leafOf(fullName);
  const leafProblem = roleLeafProblem(leaf);
  if (leafProblem !== undefined) {
    diagnostics.report(Messages.roleLeafInvalid, { leaf, problem: leafProblem }, site);
    ok = false;
  }
  const pathProblem = rolePathProblem(pathOf(fullName));
  if (pathProblem !== undefined) {
    diagnostics.report(Messages.rolePathInvalid, { path: pathOf(fullName), problem: pathProblem }, site);
    ok = false;
  }
  const policyName = policyNameOf(fullName);
  if (!POLICY_NAME.test(policyName)) {
    const problem = policyName.length > 128 ? `is ${policyName.length} characters, more than 128` : "contains characters IAM does not allow";
    diagnostics.report(Messages.policyNameInvalid, { name: policyName, problem }, site);
    ok = false;
  }
  return ok;
}

/** A Path is at most 512 characters; each of its segments is made of U+0021 to U+007E (4.2.4). */
export function rolePathProblem(path: string): string | undefined {
  if (path.length > 512) return `is ${path.length} characters, more than 512`;
  if (path === "/") return undefined;
  const segments = path.slice(1, -1).split("/");
  if (segments.some((segment) => segment === "")) return 'must not contain an empty segment ("//")';
  if (segments.some((segment) => !/^[\u0021-\u007e]+$/.test(segment))) return "may contain only printable ASCII characters other than space";
  return undefined;
}

/** 7.2, the S3 naming rules for general purpose buckets. */
export function checkBucketName(name: string, site: Site, diagnostics: Diagnostics): boolean {
  const problem = bucketNameProblem(name);
  if (problem !== undefined) diagnostics.report(Messages.bucketNameInvalid, { name, problem }, site);
  return problem === undefined;
}

function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `is ${name.length} characters; bucket names have 3 to 63`;
  if (!/^[a-z0-9.-]+$/.test(name)) return "may contain only lower-case letters, digits, dots and hyphens";
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return "must start and end with a letter or a digit";
  if (name.includes("..")) return 'must not contain ".."';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "must not be formatted as an IP address";
  for (const prefix of ["xn--", "sthree-", "amzn-s3-demo-"]) {
    if (name.startsWith(prefix)) return `must not start with "${prefix}" (reserved by S3)`;
  }
  for (const suffix of ["-s3alias", "--ol-s3", ".mrap", "--x-s3"]) {
    if (name.endsWith(suffix)) return `must not end with "${suffix}" (reserved by S3)`;
  }
  return undefined;
}

/** 8.1: the alias name without `alias/`. */
export function checkKeyName(name: string, site: Site, diagnostics: Diagnostics): boolean {
  let problem: string | undefined;
  if (name.startsWith("alias/")) problem = `must be written without "alias/": use "${name.slice("alias/".length)}"`;
  else if (name.startsWith("aws/")) problem = 'must not start with "aws/" (reserved for AWS managed keys)';
  else if (name.length > 250) problem = `is ${name.length} characters, more than 250`;
  else if (!KEY_NAME.test(name)) problem = "may contain only letters, digits, /, :, _ and -";
  if (problem !== undefined) diagnostics.report(Messages.keyNameInvalid, { name, problem }, site);
  return problem === undefined;
}
