/**
 * Combining the files of an account folder (DIALECT.md §2): names are global to the folder, a name defined
 * twice is an error, role identity ignores case and path, and a role may not be both defined and removed.
 */
import type { Diagnostics, Site } from "./diagnostics";
import { Located } from "./located";
import { Messages } from "./messages";
import { checkBucketName, checkKeyName, checkRoleName, leafOf } from "./names";
import { brokenKeysOf, type Broken } from "./schema/validate";
import type { LoadedFile } from "./source/load";
import type { SourceFile } from "./source/source-file";

export interface Declaration {
  /** The name as written: the YAML key. */
  name: string;
  /** The definition, at its logical path (`roles.<name>`, …). */
  definition: Located;
  file: SourceFile;
  /** Keys of the definition that failed validation; builders leave them out. */
  brokenKeys: ReadonlySet<string>;
}

export interface Removal {
  name: string;
  /** The IAM role name: the part after the last `/`. */
  leaf: string;
  item: Located;
  /** `remove_roles` or `remove_role`. */
  key: string;
}

export interface Declarations {
  /** In configuration order: by file, then as written. */
  templates: Map<string, Declaration>;
  roles: Map<string, Declaration>;
  buckets: Map<string, Declaration>;
  keys: Map<string, Declaration>;
  removals: Removal[];
  /** Names that are defined but unusable (`templates/base`): their errors are reported; uses of them are not. */
  unusable: Set<string>;
}

const NAMED_KINDS = [
  ["templates", "template"],
  ["roles", "role"],
  ["buckets", "bucket"],
  ["keys", "key"],
] as const;

/** IAM role names are unique ignoring case; the path is not part of the name (2.5). */
export function roleIdentity(fullName: string): string {
  return leafOf(fullName).toLowerCase();
}

const NAME_CHECKS: Record<string, ((name: string, site: Site, diagnostics: Diagnostics) => boolean) | undefined> = {
  roles: checkRoleName,
  buckets: checkBucketName,
  keys: checkKeyName,
};

/**
 * @param broken per file, what failed validation: unusable items are left out and unusable keys are passed on
 *   as `brokenKeys`, so that nothing is reported that only follows from their errors.
 */
export function collectDeclarations(files: readonly { loaded: LoadedFile; broken: Broken }[], diagnostics: Diagnostics): Declarations {
  const declarations: Declarations = { templates: new Map(), roles: new Map(), buckets: new Map(), keys: new Map(), removals: [], unusable: new Set() };
  const sites = new Map<string, Located[]>(); // every place each name is defined, by "<top-level key>/<name>"

  for (const { loaded, broken } of files) {
    if (loaded.data === undefined) continue;
    const document = Located.document(loaded.file, loaded.data);
    for (const [topKey] of NAMED_KINDS) {
      for (const [name, definition] of document.get(topKey)?.entries() ?? []) {
        const id = `${topKey}/${name}`;
        const places = sites.get(id) ?? [];
        places.push(definition);
        sites.set(id, places);
        const nameOk = NAME_CHECKS[topKey]?.(name, definition.site("key"), diagnostics) ?? true;
        if (places.length === 1 && nameOk && !broken.has(id)) {
          declarations[topKey].set(name, { name, definition, file: loaded.file, brokenKeys: brokenKeysOf(broken, id) });
        } else {
          declarations.unusable.add(id);
        }
      }
    }
    collectRemovals(document, broken, declarations.removals, diagnostics);
  }

  const kinds = new Map<string, string>(NAMED_KINDS);
  for (const [id, places] of sites) {
    if (places.length < 2) continue;
    const [topKey, ...rest] = id.split("/");
    const name = rest.join("/");
    for (const place of places.slice(1)) {
      diagnostics.report(Messages.definedTwice, { kind: kinds.get(topKey)!, name, locations: listLocations(places) }, place.site("key"));
    }
  }
  checkRoleIdentities(declarations, diagnostics);
  checkDefinedAndRemoved(declarations, diagnostics);
  return declarations;
}

function collectRemovals(document: Located, broken: Broken, into: Removal[], diagnostics: Diagnostics): void {
  const seen = new Map<string, Removal>();
  for (const key of ["remove_roles", "remove_role"]) {
    const list = document.get(key);
    if (list === undefined || !Array.isArray(list.value)) continue;
    list.items().forEach((item, index) => {
      if (broken.has(`${key}/${index}`) || typeof item.value !== "string") return;
      const name = item.value;
      const removal: Removal = { name, leaf: leafOf(name), item, key };
      if (name.replace(/^\/+/, "").startsWith("aws-service-role/")) {
        diagnostics.report(Messages.removeServiceLinked, { name }, item.site());
        return;
      }
      const identity = roleIdentity(name);
      if (seen.has(identity)) {
        diagnostics.report(Messages.removalListedTwice, { name }, item.site());
        return;
      }
      seen.set(identity, removal);
      into.push(removal);
    });
  }
}

function checkRoleIdentities(declarations: Declarations, diagnostics: Diagnostics): void {
  const byIdentity = new Map<string, Declaration[]>();
  for (const role of declarations.roles.values()) {
    const identity = roleIdentity(role.name);
    byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), role]);
  }
  for (const roles of byIdentity.values()) {
    for (const role of roles.slice(1)) {
      const others = roles
        .filter((r) => r !== role)
        .map((r) => `"${r.name}" (${locationOf(r.definition)})`)
        .join(", ");
      diagnostics.report(Messages.roleIdentityClash, { name: role.name, leaf: leafOf(role.name), others }, role.definition.site("key"));
    }
  }
}

function checkDefinedAndRemoved(declarations: Declarations, diagnostics: Diagnostics): void {
  const removalsByIdentity = new Map<string, Removal[]>();
  for (const removal of declarations.removals) {
    const identity = roleIdentity(removal.name);
    removalsByIdentity.set(identity, [...(removalsByIdentity.get(identity) ?? []), removal]);
  }
  for (const role of declarations.roles.values()) {
    const removals = removalsByIdentity.get(roleIdentity(role.name));
    if (removals === undefined) continue;
    const locations = [
      `${role.file.displayPath}(roles)`,
      ...removals.map((r) => `${r.item.origin?.file.displayPath ?? "?"}(${r.key})`),
    ];
    diagnostics.report(Messages.definedAndRemoved, { name: role.name, locations: [...new Set(locations)].join("; ") }, role.definition.site("key"));
  }
}

function listLocations(places: readonly Located[]): string {
  return places.map(locationOf).join(", ");
}

/** `file:line` of where a definition's key was written. */
function locationOf(definition: Located): string {
  const origin = definition.origin;
  if (origin === undefined) return "?";
  const at = origin.file.positions()?.locateKey(origin.segments());
  return at === undefined ? origin.file.displayPath : `${origin.file.displayPath}:${at.line}`;
}
