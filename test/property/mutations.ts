/**
 * Invalid inputs made from valid ones: a value of the wrong type, an unknown key, broken YAML, random bytes,
 * random text, a truncated file, a broken accounts.yaml. Each mutation says whether it is certain to make the
 * configuration invalid, and which file must then be named by an error.
 */
import fc from "fast-check";
import type { Configuration, Yaml, YamlMapping } from "./generators";
import { accountDocuments, dump, Shuffler, STATEMENT_KEYS, type StacksFiles } from "./layout";

export interface Mutated {
  files: StacksFiles;
  /** When the mutation certainly makes the input invalid: the file (relative to the stacks root) an error names. */
  certainErrorIn?: string;
  /** Also the code that error has. */
  certainCode?: string;
  description: string;
}

/** A value of some type, to put where another was. */
const replacement: fc.Arbitrary<Yaml> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant<Yaml>([]),
  fc.constant<Yaml>({}),
  fc.string({ maxLength: 10 }),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { maxLength: 3 }) as fc.Arbitrary<Yaml>,
  fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { maxKeys: 2 }) as fc.Arbitrary<Yaml>,
);

/** Keys no mapping of the dialect knows. */
const unknownKey = fc.stringMatching(/^[a-z][a-z_]{2,12}$/).map((k) => `zz_${k}`);

/** Appended to a file, each certainly breaks it: the YAML error it must give (E1004). */
const BREAKERS = [
  "zz_unclosed: [1, {a: 2\n",
  "zz_indent:\n  a: 1\n b: 2\n",
  "zz_tab:\n\ta: 1\n",
  "zz_alias: *no_such_anchor\n",
  "zz_tag: !custom 1\n",
  "---\nroles: {}\n",
  '"zz_quote: 1\n',
];

export type Mutation =
  | { kind: "wrong type"; file: number; node: number; value: Yaml }
  | { kind: "unknown key"; file: number; node: number; key: string }
  | { kind: "broken YAML"; file: number; breaker: number }
  | { kind: "random bytes"; bytes: Uint8Array }
  | { kind: "random text"; text: string }
  | { kind: "truncated"; file: number; at: number }
  | { kind: "accounts.yaml"; text: string | Uint8Array };

export const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("wrong type" as const), file: fc.nat(), node: fc.nat(), value: replacement }),
  fc.record({ kind: fc.constant("unknown key" as const), file: fc.nat(), node: fc.nat(), key: unknownKey }),
  fc.record({ kind: fc.constant("broken YAML" as const), file: fc.nat(), breaker: fc.nat(BREAKERS.length - 1) }),
  fc.record({ kind: fc.constant("random bytes" as const), bytes: fc.uint8Array({ maxLength: 300 }) }),
  fc.record({ kind: fc.constant("random text" as const), text: fc.string({ unit: "binary", maxLength: 200 }) }),
  fc.record({ kind: fc.constant("truncated" as const), file: fc.nat(), at: fc.nat() }),
  fc.record({
    kind: fc.constant("accounts.yaml" as const),
    text: fc.oneof(
      fc.constantFrom("sandbox: [1]\n", "sandbox: 1.5\n", "sandbox: -3\n", "sandbox: '12345'\n", "{}\n", "- a\n", "123456789012: x\n", "a b: 1\n"),
      fc.uint8Array({ maxLength: 100 }),
    ),
  }),
);

/** A mapping of the account's data, with where it sits: the closed mappings accept only the dialect's keys. */
interface Node {
  container: YamlMapping | Yaml[];
  key: string | number;
  /** An unknown key added to this value (a mapping) is certainly an error. */
  closed: boolean;
}

/**
 * Every value of a file's data, with the mappings where an unknown key is certainly reported: the file itself, role,
 * template, bucket and key definitions, and the statements and grants of roles, buckets and keys. Template
 * statements are not: their values are checked only once merged into a role that keeps them (3.1).
 */
function nodesOf(document: YamlMapping): Node[] {
  const nodes: Node[] = [];
  const walk = (container: YamlMapping | Yaml[], key: string | number, closed: boolean, inside: (value: Yaml) => void) => {
    nodes.push({ container, key, closed });
    inside((container as Record<string | number, Yaml>)[key]);
  };
  const visitAny = (value: Yaml): void => {
    if (Array.isArray(value)) value.forEach((_, i) => walk(value, i, false, visitAny));
    else if (value !== null && typeof value === "object") for (const k of Object.keys(value)) walk(value, k, false, visitAny);
  };
  const visitStatements = (value: Yaml, closed: boolean) => {
    const statements = Array.isArray(value) ? value : [value];
    statements.forEach((statement, i) => {
      if (statement === null || typeof statement !== "object" || Array.isArray(statement)) return;
      if (Array.isArray(value)) nodes.push({ container: value, key: i, closed });
      for (const k of Object.keys(statement)) walk(statement, k, false, visitAny);
    });
  };
  for (const topKey of Object.keys(document)) {
    const section = document[topKey];
    walk(document, topKey, false, () => undefined);
    if (section === null || typeof section !== "object" || Array.isArray(section)) {
      visitAny(section);
      continue;
    }
    for (const name of Object.keys(section)) {
      const definition = section[name] as YamlMapping;
      nodes.push({ container: section, key: name, closed: true });
      for (const k of Object.keys(definition)) {
        const value = definition[k];
        if (STATEMENT_KEYS.has(k) || k === "grant") {
          nodes.push({ container: definition, key: k, closed: topKey !== "templates" && value !== null && !Array.isArray(value) });
          visitStatements(value, topKey !== "templates");
        } else {
          walk(definition, k, false, visitAny);
        }
      }
    }
  }
  return nodes;
}

/** Applies a mutation to a configuration laid out by `seed`. */
export function mutate(config: Configuration, seed: number, mutation: Mutation): Mutated {
  const account = config.accounts[0].name;
  const shuffler = new Shuffler(seed);
  const documents = [...accountDocuments(config, shuffler)];
  const files: StacksFiles = { "accounts.yaml": config.accounts.map((a) => `${JSON.stringify(a.name)}: ${JSON.stringify(a.id)}\n`).join("") };
  const render = () => {
    for (const [name, document] of documents) files[`${account}/${name}`] = dump(document, shuffler);
  };
  const pick = (n: number) => documents[n % documents.length];

  switch (mutation.kind) {
    case "wrong type": {
      const [name, document] = pick(mutation.file);
      const nodes = nodesOf(document);
      const node = nodes[mutation.node % nodes.length];
      (node.container as Record<string | number, Yaml>)[node.key] = mutation.value;
      render();
      return { files, description: `${name}: a value replaced by ${JSON.stringify(mutation.value)}` };
    }
    case "unknown key": {
      const [name, document] = pick(mutation.file);
      const closed = nodesOf(document).filter((n) => n.closed);
      const node = closed.length === 0 ? undefined : closed[mutation.node % closed.length];
      const target = node === undefined ? document : ((node.container as Record<string | number, Yaml>)[node.key] as YamlMapping);
      target[mutation.key] = 1;
      render();
      return { files, certainErrorIn: `${account}/${name}`, description: `${name}: unknown key ${mutation.key}` };
    }
    case "broken YAML": {
      render();
      const [name] = pick(mutation.file);
      const file = `${account}/${name}`;
      files[file] = `${files[file] as string}${BREAKERS[mutation.breaker]}`;
      return { files, certainErrorIn: file, certainCode: "E1004", description: `${name}: appended ${JSON.stringify(BREAKERS[mutation.breaker])}` };
    }
    case "random bytes":
      render();
      files[`${account}/zz-garbage.yaml`] = Buffer.from(mutation.bytes);
      return { files, description: "random bytes as a .yaml file" };
    case "random text":
      render();
      files[`${account}/zz-text.yml`] = mutation.text;
      return { files, description: "random text as a .yml file" };
    case "truncated": {
      render();
      const [name] = pick(mutation.file);
      const file = `${account}/${name}`;
      const text = files[file] as string;
      files[file] = text.slice(0, mutation.at % (text.length + 1));
      return { files, description: `${name}: truncated` };
    }
    case "accounts.yaml":
      render();
      files["accounts.yaml"] = typeof mutation.text === "string" ? mutation.text : Buffer.from(mutation.text);
      return { files, description: "accounts.yaml replaced" };
  }
}
