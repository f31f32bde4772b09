/**
 * Which file each generated definition goes to, and the files' text. Roles go to one file per role path, so the
 * folder reads like the account (`roles.yaml` for path `/`, `roles/service-role.yaml` for `/service-role/`,
 * `roles/ops/ci.yaml` for `/ops/ci/`); trust templates to `templates.yaml`, buckets to `buckets.yaml`, keys to
 * `keys.yaml`. A name that is taken (a file that exists, from an earlier run or by hand) gets a number
 * (`roles-2.yaml`): nothing is ever overwritten.
 */
import { compareText, type Mapping } from "../../compiler/values";
import type { Generation } from "./generation";
import type { GeneratedRole } from "./roles";
import { trustKeys } from "./templates";
import { renderYaml } from "./yaml-text";

export interface PlannedFile {
  /** Relative to the output folder, with `/`. */
  readonly relativePath: string;
  readonly text: string;
  /** YAML entries it holds, for the summary: `roles.web`, `templates.ec2-trust`. */
  readonly entries: { readonly roles: readonly string[]; readonly templates: readonly string[]; readonly buckets: readonly string[]; readonly keys: readonly string[] };
}

/** Role keys in the order they are written; the trust keys come from the role or are left to its template. */
const ROLE_KEY_ORDER = [
  "path",
  "use",
  "description",
  "max_session_duration",
  "permissions_boundary",
  "make_instance_profile",
  "tags",
  "allow_to_assume_me",
  "disallow_to_assume_me",
  "managed_policies",
  "allow_permission",
  "deny_permission",
];

export function layOut(generation: Generation, header: readonly string[], isTaken: (relativePath: string) => boolean): PlannedFile[] {
  const chosen = new Set<string>();
  const pick = (base: string) => {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? `${base}.yaml` : `${base}-${n}.yaml`;
      if (!chosen.has(candidate) && !isTaken(candidate)) {
        chosen.add(candidate);
        return candidate;
      }
    }
  };
  const files: PlannedFile[] = [];
  const empty = { roles: [], templates: [], buckets: [], keys: [] };

  const byFile = new Map<string, (typeof generation.roles)[number][]>();
  for (const role of generation.roles) {
    const base = roleFileBase(role.live.path);
    byFile.set(base, [...(byFile.get(base) ?? []), role]);
  }
  for (const base of [...byFile.keys()].sort(compareText)) {
    const roles = byFile.get(base)!;
    const document = { roles: Object.fromEntries(roles.map((role) => [role.fullName, roleDefinition(role)])) };
    files.push({ relativePath: pick(base), text: renderYaml(document, header), entries: { ...empty, roles: roles.map((r) => r.fullName) } });
  }
  if (generation.templates.length > 0) {
    const document = { templates: Object.fromEntries(generation.templates.map((t) => [t.name, t.body])) };
    files.push({ relativePath: pick("templates"), text: renderYaml(document, header), entries: { ...empty, templates: generation.templates.map((t) => t.name) } });
  }
  if (generation.buckets.length > 0) {
    const document = { buckets: Object.fromEntries(generation.buckets.map((b) => [b.name, b.body])) };
    files.push({ relativePath: pick("buckets"), text: renderYaml(document, header), entries: { ...empty, buckets: generation.buckets.map((b) => b.name) } });
  }
  if (generation.keys.length > 0) {
    const document = { keys: Object.fromEntries(generation.keys.map((k) => [k.alias, k.body])) };
    files.push({ relativePath: pick("keys"), text: renderYaml(document, header), entries: { ...empty, keys: generation.keys.map((k) => k.alias) } });
  }
  return files;
}

/** `roles` for `/`, `roles/ops/ci` for `/ops/ci/`; characters a file name should not have become `_`. */
export function roleFileBase(path: string): string {
  if (path === "/") return "roles";
  const segments = path
    .slice(1, -1)
    .split("/")
    .map((segment) => segment.replace(/[^A-Za-z0-9._+=,@-]/g, "_").replace(/^\.*$/, "_"));
  return `roles/${segments.join("/")}`;
}

function roleDefinition(role: GeneratedRole & { use?: string }): Mapping {
  const keys: Mapping = { ...role.body, ...(role.use === undefined ? trustKeys(role.trust) : { use: role.use }) };
  const ordered: Mapping = {};
  for (const key of ROLE_KEY_ORDER) if (key in keys) ordered[key] = keys[key];
  return ordered;
}
