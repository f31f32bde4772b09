/**
 * Templates and `use` (DIALECT.md §3): a role's effective definition is the left fold of its templates'
 * effective definitions and its own, merged deeply for mappings and by replacement for everything else.
 */
import type { Declaration, Declarations } from "./declarations";
import type { Diagnostics } from "./diagnostics";
import { Located } from "./located";
import { Messages } from "./messages";
import { YamlPath } from "./source/location";
import { suggestion } from "./suggest";
import { defineKey, isMapping, type Mapping } from "./values";

/**
 * The effective definition of every role whose templates resolve, keyed by role name, in configuration
 * order, each at its logical path `roles.<name>`. Roles that use an unknown or cyclic template are left
 * out: their error is reported once, where the template is named.
 */
export function resolveRoles(declarations: Declarations, diagnostics: Diagnostics): Map<string, Located> {
  const resolver = new TemplateResolver(declarations, diagnostics);
  // Every template, used or not: an unknown name or a cycle among templates is an error either way.
  for (const name of declarations.templates.keys()) resolver.resolveTemplate(name);
  const roles = new Map<string, Located>();
  for (const role of declarations.roles.values()) {
    const effective = resolver.effective(role.definition, []);
    if (effective !== undefined) roles.set(role.name, effective.at(YamlPath.of("roles", role.written)));
  }
  return roles;
}

class TemplateResolver {
  /** Effective definitions of templates; undefined once a template is known to fail. */
  private readonly resolved = new Map<string, Located | undefined>();
  private readonly reportedCycles = new Set<string>();

  private readonly templates: ReadonlyMap<string, Declaration>;

  constructor(
    private readonly declarations: Declarations,
    private readonly diagnostics: Diagnostics,
  ) {
    this.templates = declarations.templates;
  }

  resolveTemplate(name: string): void {
    if (!this.resolved.has(name)) this.resolved.set(name, this.effective(this.templates.get(name)!.definition, [name]));
  }

  /** eff(X) for a role or template definition X; `chain` holds the templates being resolved (for cycles). */
  effective(definition: Located, chain: readonly string[]): Located | undefined {
    const own = definition.asMapping();
    if (own === undefined) return undefined;
    const names = this.useList(own);
    if (names === undefined) return undefined;
    let result: Located<Mapping> | undefined;
    let ok = true;
    for (const { name, at } of names) {
      const template = this.template(name, at, chain);
      if (template === undefined) {
        ok = false;
        continue;
      }
      result = result === undefined ? template : merge(result, template);
    }
    if (!ok) return undefined;
    // X minus "use": merged without it, or (with no template) copied without it.
    return result === undefined ? omitUse(own) : merge(result, own, "use");
  }

  private template(name: string, at: Located, chain: readonly string[]): Located<Mapping> | undefined {
    const declaration = this.templates.get(name);
    // A template with errors of its own has had them reported; naming it adds nothing.
    if (declaration === undefined && this.declarations.unusable.has(`templates/${name}`)) return undefined;
    if (declaration === undefined) {
      const known = [...this.templates.keys()];
      const available = known.length === 0 ? "no templates are defined" : `available templates: ${known.join(", ")}`;
      this.diagnostics.report(Messages.unknownTemplate, { name, available, suggestion: suggestion(name, known) }, at.site());
      return undefined;
    }
    if (chain.includes(name)) {
      const cycle = [...chain.slice(chain.indexOf(name)), name];
      const identity = [...cycle.slice(0, -1)].sort().join("\u0000");
      if (!this.reportedCycles.has(identity)) {
        this.reportedCycles.add(identity);
        this.diagnostics.report(Messages.templateCycle, { cycle: cycle.join(" -> ") }, at.site());
      }
      return undefined;
    }
    if (!this.resolved.has(name)) {
      this.resolved.set(name, this.effective(declaration.definition, [...chain, name]));
    }
    return this.resolved.get(name)?.asMapping();
  }

  /** The templates named by `use`, each with where it was named. The schema has checked the shape. */
  private useList(definition: Located<Mapping>): { name: string; at: Located }[] | undefined {
    const use = definition.get("use");
    if (use === undefined) return [];
    const items = use.items().filter((item): item is Located<string> => typeof item.value === "string") as Located<string>[];
    const seen = new Set<string>();
    let ok = true;
    for (const item of items) {
      if (seen.has(item.value)) {
        this.diagnostics.report(Messages.useListedTwice, { name: item.value }, item.site());
        ok = false;
      }
      seen.add(item.value);
    }
    return ok ? items.map((item) => ({ name: item.value, at: item })) : undefined;
  }
}

/**
 * merge(base, over) of 3.4: keys of one side keep their value; two mappings merge recursively; otherwise
 * `over` replaces (lists are never concatenated). Key order: base's keys, then those only in over. Dotted
 * keys are plain keys. The result records where each of its values was written.
 */
export function merge(base: Located<Mapping>, over: Located<Mapping>, skip?: string): Located<Mapping> {
  const result: Mapping = {};
  const sources = new Map<string, Located>();
  for (const key of Object.keys(base.value)) {
    defineKey(result, key, base.value[key]);
    sources.set(key, base.child(key));
  }
  for (const key of Object.keys(over.value)) {
    if (key === skip) continue;
    const next = over.child(key);
    const previous = sources.get(key);
    if (previous !== undefined && isMapping(previous.value) && isMapping(next.value)) {
      defineKey(result, key, merge(previous as Located<Mapping>, next as Located<Mapping>).value);
    } else {
      defineKey(result, key, next.value);
    }
    sources.set(key, next);
  }
  Located.recordMerge(result, sources);
  return Located.of(result, over.path, over.origin);
}

function omitUse(definition: Located<Mapping>): Located<Mapping> {
  if (!Object.prototype.hasOwnProperty.call(definition.value, "use")) return definition;
  const result: Mapping = {};
  const sources = new Map<string, Located>();
  for (const key of Object.keys(definition.value)) {
    if (key === "use") continue;
    defineKey(result, key, definition.value[key]);
    sources.set(key, definition.child(key));
  }
  Located.recordMerge(result, sources);
  return Located.of(result, definition.path, definition.origin);
}
