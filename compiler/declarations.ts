/**
 * Combining the files of an account folder (DIALECT.md §2): names are global to the folder, a name defined
 * twice is an error, role identity ignores case and path, and a role may not be both defined and removed.
 * The definitions of `_shared` selected for the account take part like any other (14.2), as sources that come
 * first; a conflict that involves one of them depends on the account, and says so (14.5).
 */
import { siteWith, type Diagnostics, type Site } from "./diagnostics";
import { Located } from "./located";
import { Messages } from "./messages";
import { checkBucketName, checkKeyName, checkRoleName, leafOf } from "./names";
import { brokenKeysOf, type Broken } from "./schema/validate";
import type { LoadedFile } from "./source/load";
import type { SourceFile } from "./source/source-file";

export interface Declaration {
  /** The name it declares: the YAML key, or in `_shared` the key with its placeholders replaced (14.4). */
  name: string;
  /** The YAML key as written; diagnostics print it (placeholders included). */
  written: string;
  /** The definition, at its logical path (`roles.<written>`, …). */
  definition: Located;
  file: SourceFile;
  /** Keys of the definition that failed validation; builders leave them out. */
  brokenKeys: ReadonlySet<string>;
}

/** What one file contributes to an account: its document and what failed validation in it. */
export interface DeclarationSource {
  file: SourceFile;
  /** The document; for a file of `_shared`, the definitions selected for the account, placeholders replaced. */
  document: Located;
  broken: Broken;
  /** The name a definition declares (default: its key). */
  nameOf?: (topKey: string, written: string) => string;
  /** The roles to remove, when not the document's string lists (`_shared` writes mappings: 14.3). */
  removals?: readonly RemovalItem[];
}

/** One role to remove as written: the name's value, and the list it is in. */
export interface RemovalItem {
  item: Located;
  key: "remove_roles" | "remove_role";
}

/** An account file as read: its document, names as written, removals from its string lists. */
export function accountFileSource({ file, data }: LoadedFile, broken: Broken): DeclarationSource {
  return { file, document: Located.document(file, data), broken };
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
export function collectDeclarations(sources: readonly DeclarationSource[], diagnostics: Diagnostics): Declarations {
  const declarations: Declarations = { templates: new Map(), roles: new Map(), buckets: new Map(), keys: new Map(), removals: [], unusable: new Set() };
  const sites = new Map<string, Located[]>(); // every place each name is defined, by "<top-level key>/<name>"

  for (const { file, document, broken, nameOf, removals } of sources) {
    for (const [topKey] of NAMED_KINDS) {
      for (const [written, definition] of document.get(topKey)?.entries() ?? []) {
        const name = nameOf === undefined ? written : nameOf(topKey, written);
        const id = `${topKey}/${name}`;
        const places = sites.get(id) ?? [];
        places.push(definition);
        sites.set(id, places);
        const nameOk = NAME_CHECKS[topKey]?.(name, definition.site("key"), diagnostics) ?? true;
        if (places.length === 1 && nameOk && !broken.has(`${topKey}/${written}`)) {
          declarations[topKey].set(name, { name, written, definition, file, brokenKeys: brokenKeysOf(broken, `${topKey}/${written}`) });
        } else {
          declarations.unusable.add(id);
        }
      }
    }
    collectRemovals(removals ?? removalItemsOf(document, broken), declarations.removals, diagnostics);
  }

  const kinds = new Map<string, string>(NAMED_KINDS);
  for (const [id, places] of sites) {
    if (places.length < 2) continue;
    const [topKey, ...rest] = id.split("/");
    const name = rest.join("/");
    const kind = kinds.get(topKey)!;
    const shared = places.filter(isShared);
    // Shared templates are in every account: a clash among them alone is the same in each (14.2).
    const dependsOnAccount = topKey === "templates" ? shared.length > 0 && shared.length < places.length : shared.length > 0;
    for (const place of places.slice(1)) {
      const site = conflictSite(place, places, dependsOnAccount);
      if (shared.length > 0 && !isShared(place)) {
        // 14.2: no override; a variation is another name, or (for what is selected) except_accounts.
        const remedy = topKey === "templates" ? "give one of them another name" : "give one of them another name, or leave this account out of the shared one with except_accounts";
        diagnostics.report(Messages.sharedNameConflict, { kind, name, locations: listLocations([...shared, place]), remedy }, site);
      } else {
        diagnostics.report(Messages.definedTwice, { kind, name, locations: listLocations(places) }, site);
      }
    }
  }
  checkRoleIdentities(declarations, diagnostics);
  checkDefinedAndRemoved(declarations, diagnostics);
  return declarations;
}

/** The string items of an account file's `remove_roles` and `remove_role`, leaving out those that failed validation. */
function removalItemsOf(document: Located, broken: Broken): RemovalItem[] {
  const items: RemovalItem[] = [];
  for (const key of ["remove_roles", "remove_role"] as const) {
    const list = document.get(key);
    if (list === undefined || !Array.isArray(list.value)) continue;
    list.items().forEach((item, index) => {
      if (!broken.has(`${key}/${index}`) && typeof item.value === "string") items.push({ item, key });
    });
  }
  return items;
}

/** One file's removals (2.6): each name once per file, service-linked roles refused (9.1). */
function collectRemovals(items: readonly RemovalItem[], into: Removal[], diagnostics: Diagnostics): void {
  const seen = new Map<string, Removal>();
  for (const { item, key } of items) {
    const name = item.value as string;
    const removal: Removal = { name, leaf: leafOf(name), item, key };
    if (name.replace(/^\/+/, "").startsWith("aws-service-role/")) {
      diagnostics.report(Messages.removeServiceLinked, { name }, item.site());
      continue;
    }
    const identity = roleIdentity(name);
    if (seen.has(identity)) {
      diagnostics.report(Messages.removalListedTwice, { name }, siteWith(item.site(), { accountDependent: isShared(item) }));
      continue;
    }
    seen.set(identity, removal);
    into.push(removal);
  }
}

function isShared(place: Located): boolean {
  return place.origin?.file.shared === true;
}

/**
 * Where a conflict between definitions is reported: at one of them, with the others as related places. By default,
 * whenever a definition of `_shared` takes part, the conflict is about the account being compiled: the same shared
 * definition meets other definitions (or is selected with others) in other accounts (14.5).
 */
function conflictSite(place: Located, places: readonly Located[], dependsOnAccount = places.some(isShared)): Site {
  return siteWith(place.site("key"), { related: places.filter((p) => p !== place).map((p) => p.site("key")), accountDependent: dependsOnAccount });
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
      const site = conflictSite(role.definition, roles.map((r) => r.definition));
      diagnostics.report(Messages.roleIdentityClash, { name: role.name, leaf: leafOf(role.name), others }, site);
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
    const places = [role.definition, ...removals.map((r) => r.item)];
    // 2.7 names files and keys; with `_shared` involved, lines too, as the same files meet in every account (14.2).
    const where = places.some(isShared) ? (place: Located) => locationOf(place) : (place: Located) => place.origin?.file.displayPath ?? "?";
    const locations = [`${where(role.definition)}(roles)`, ...removals.map((r) => `${where(r.item)}(${r.key})`)];
    const site = conflictSite(role.definition, places);
    diagnostics.report(Messages.definedAndRemoved, { name: role.name, locations: [...new Set(locations)].join("; ") }, site);
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
