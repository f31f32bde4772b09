/**
 * `_shared` as one account sees it (DIALECT.md §14): the definitions selected for the account, without their
 * selectors and with their placeholders replaced, as ordinary declaration sources that come before the
 * account's own files (14.1). The stages after it (§3-§9) see nothing else. It also tells the diagnostics which
 * of theirs depend on the account (14.5).
 */
import type { DeclarationSource, RemovalItem } from "../declarations";
import type { AccountScope, SharedClassification, Site } from "../diagnostics";
import { Located } from "../located";
import type { Segment } from "../source/positions";
import type { SourceFile } from "../source/source-file";
import { defineKey, isMapping, type Mapping } from "../values";
import type { SharedFolder } from "./folder";
import { SHARED_KINDS } from "./folder";
import { substitute, substituteText, type PlaceholderValues } from "./placeholders";

export interface SharedAccountView {
  /** One source per readable file of `_shared`, in configuration order. */
  sources: DeclarationSource[];
  scope: AccountScope;
}

export function sharedForAccount(folder: SharedFolder, account: string, accountId: string): SharedAccountView {
  const values: PlaceholderValues = { account, accountId };
  /** Where a placeholder was replaced, and every path above it: `file\0[segments]`. */
  const replacedAt = new Set<string>();
  /** The accounts each shared definition of this account is selected for, by `[topKey, written]` of its path. */
  const selections = new Map<string, readonly string[]>();
  const sources: DeclarationSource[] = [];

  for (const shared of folder.files) {
    const { file, data } = shared;
    const replaced = (segments: readonly Segment[]) => {
      for (let n = 0; n <= segments.length; n++) replacedAt.add(placeKey(file, segments.slice(0, n)));
    };
    const document: Mapping = {};
    const names = new Map<string, string>();

    // Templates are available to every account (14.2).
    if (isMapping(data.templates)) {
      const templates: Mapping = {};
      for (const written of Object.keys(data.templates)) {
        const body = data.templates[written];
        defineKey(templates, written, shared.templatesWithPlaceholders.has(written) ? substitute(body, values, ["templates", written], replaced) : body);
        selections.set(definitionKey("templates", written), folder.everyAccount);
      }
      document.templates = templates;
    }
    for (const kind of SHARED_KINDS) {
      const selected: Mapping = {};
      for (const definition of shared.definitions) {
        if (definition.kind !== kind || !definition.selection.includes(account)) continue;
        const { written } = definition;
        const name = substituteText(written, values);
        if (name !== written) replaced([kind, written]);
        names.set(definitionKey(kind, written), name);
        defineKey(selected, written, definition.placeholders ? substitute(definition.body, values, [kind, written], replaced) : definition.body);
        selections.set(definitionKey(kind, written), definition.selection);
      }
      if (Object.keys(selected).length > 0) document[kind] = selected;
    }
    const removalLists = new Map<string, unknown[]>();
    for (const removal of shared.removals) {
      if (!removal.selection.includes(account)) continue;
      const list = removalLists.get(removal.key) ?? [...(data[removal.key] as unknown[])];
      removalLists.set(removal.key, list);
      if (removal.placeholders) list[removal.index] = substitute(list[removal.index], values, [removal.key, removal.index], replaced);
      selections.set(definitionKey(removal.key, removal.index), removal.selection);
    }
    for (const [key, list] of removalLists) document[key] = list;

    const located = Located.document(file, document);
    const removals: RemovalItem[] = shared.removals
      .filter((r) => r.selection.includes(account))
      .map((r) => ({ key: r.key, item: located.child(r.key).child(r.index).child("role") }));
    sources.push({ file, document: located, broken: shared.broken, nameOf: (kind, written) => names.get(definitionKey(kind, written)) ?? written, removals });
  }

  const scope: AccountScope = {
    account,
    classify(file: SourceFile, site: Site): SharedClassification | undefined {
      if (!file.shared) return undefined;
      const path = site.path?.segments() ?? [];
      const selection = path.length >= 2 ? selections.get(definitionKey(String(path[0]), path[1])) : undefined;
      const origin = site.origin?.segments();
      // Depends on the account: said so by whoever reported it (a conflict), about something that is not a shared
      // definition (an account's own role through a shared template), or about a value a placeholder changed.
      const dependent =
        site.accountDependent === true || selection === undefined || (origin !== undefined && replacedAt.has(placeKey(file, origin)));
      return { dependent, selection };
    },
  };
  return { sources, scope };
}

function definitionKey(topKey: string, written: Segment): string {
  return JSON.stringify([topKey, written]);
}

function placeKey(file: SourceFile, segments: readonly Segment[]): string {
  return `${file.absolutePath}\u0000${JSON.stringify(segments)}`;
}
