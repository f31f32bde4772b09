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
 * The effective definition of every role whose templates resolve, with the role's name, in configuration
 * order, each at its logical path `roles.<name>`. Roles that use an unknown or cyclic template are left
 * out: their error is reported once, where the template is named. Each role is resolved as it is asked for,
 * so that its merged definition can die young once its plan is built: kept all at once, the definitions of a
 * 10,000-role account would outlive the young generation and cost the garbage collector their copying.
 */
export function* resolveRoles(declarations: Declarations, diagnostics: Diagnostics): Generator<[string, Located]> {
  const resolver = new TemplateResolver(declarations, diagnostics);
  // Every template, used or not: an unknown name or a cycle among templates is an error either way.
  for (const name of declarations.templates.keys()) resolver.resolveTemplate(name);
  for (const role of declarations.roles.values()) {
    const effective = resolver.effective(role.definition);
    if (effective !== undefined) yield [role.name, effective.at(YamlPath.of("roles", role.written))];
  }
}

/**
 * eff(X) of one role or template definition while it is being worked out: the templates its `use` names,
 * how far through them it is, and the fold so far.
 */
interface Frame {
  /** The template this frame resolves; undefined for a role. */
  readonly template: string | undefined;
  readonly own: Located<Mapping>;
  readonly names: readonly { name: string; at: Located }[];
  next: number;
  ok: boolean;
  result: Located<Mapping> | undefined;
}

/**
 * Resolves `use` depth-first with a stack of its own instead of the call stack, so a chain or a cycle of any
 * length (thousands of templates) is resolved or reported, never a stack overflow. The templates on that
 * stack are the chain being resolved: naming one of them again is a cycle.
 */
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
    if (!this.resolved.has(name)) this.run(name, this.templates.get(name)!.definition);
  }

  /** eff(X) for a role definition X. */
  effective(definition: Located): Located | undefined {
    return this.run(undefined, definition);
  }

  private run(template: string | undefined, definition: Located): Located | undefined {
    const stack: Frame[] = [];
    /** Where each template on the stack is, for cycles. */
    const onStack = new Map<string, number>();
    let finished: Located | undefined;
    const enter = (name: string | undefined, X: Located): void => {
      const own = X.asMapping();
      const names = own === undefined ? undefined : this.useList(own);
      if (own === undefined || names === undefined) {
        finished = this.finish(name, undefined);
        return;
      }
      if (name !== undefined) onStack.set(name, stack.length);
      stack.push({ template: name, own, names, next: 0, ok: true, result: undefined });
    };
    enter(template, definition);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame.next === frame.names.length) {
        stack.pop();
        if (frame.template !== undefined) onStack.delete(frame.template);
        // X minus "use": merged without it, or (with no template) copied without it.
        const value = !frame.ok ? undefined : frame.result === undefined ? omitUse(frame.own) : merge(frame.result, frame.own, "use");
        finished = this.finish(frame.template, value);
        continue;
      }
      const { name, at } = frame.names[frame.next];
      const declaration = this.templates.get(name);
      if (declaration !== undefined && !onStack.has(name) && !this.resolved.has(name)) {
        enter(name, declaration.definition); // resolve it first; this frame comes back to the same name
        continue;
      }
      frame.next++;
      const used = this.template(name, at, stack, onStack);
      if (used === undefined) frame.ok = false;
      else frame.result = frame.result === undefined ? used : merge(frame.result, used);
    }
    return finished;
  }

  private finish(template: string | undefined, value: Located | undefined): Located | undefined {
    if (template !== undefined) this.resolved.set(template, value);
    return value;
  }

  /** A template named in `use` (resolved already unless it is unknown or on the stack), or undefined after an error. */
  private template(name: string, at: Located, stack: readonly Frame[], onStack: ReadonlyMap<string, number>): Located<Mapping> | undefined {
    const declaration = this.templates.get(name);
    // A template with errors of its own has had them reported; naming it adds nothing.
    if (declaration === undefined && this.declarations.unusable.has(`templates/${name}`)) return undefined;
    if (declaration === undefined) {
      const known = [...this.templates.keys()];
      const available = known.length === 0 ? "no templates are defined" : `available templates: ${known.join(", ")}`;
      this.diagnostics.report(Messages.unknownTemplate, { name, available, suggestion: suggestion(name, known) }, at.site());
      return undefined;
    }
    const start = onStack.get(name);
    if (start !== undefined) {
      const cycle = [...stack.slice(start).map((frame) => frame.template!), name];
      const identity = [...cycle.slice(0, -1)].sort().join("\u0000");
      if (!this.reportedCycles.has(identity)) {
        this.reportedCycles.add(identity);
        this.diagnostics.report(Messages.templateCycle, { cycle: cycle.join(" -> ") }, at.site());
      }
      return undefined;
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
