import * as yaml from "js-yaml";

// @types/js-yaml does not declare the built-in types that js-yaml exports at run time.
const builtin = (yaml as unknown as { types: Record<"null" | "bool" | "float" | "merge", yaml.Type> }).types;

/**
 * Integers exactly as the YAML 1.2 core schema defines them: decimal (`012` is 12), `0o` octal, `0x` hex.
 * js-yaml's own integer type also reads `0b101` as 5, a YAML 1.1 form that the core schema keeps a string.
 */
const coreInt = new yaml.Type("tag:yaml.org,2002:int", {
  kind: "scalar",
  resolve: (data: unknown) => typeof data === "string" && /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/.test(data),
  construct: (data: string) => {
    if (data.startsWith("0o")) return parseInt(data.slice(2), 8);
    if (data.startsWith("0x")) return parseInt(data.slice(2), 16);
    return parseInt(data, 10);
  },
  predicate: (object: unknown) => typeof object === "number" && Number.isInteger(object),
  represent: (object: unknown) => String(object),
});

/**
 * YAML 1.2 core schema plus merge keys (DIALECT.md 1.4): `yes`, `no`, `on`, `off` and dates stay strings,
 * `012` is the integer 12, and any explicit tag outside the core schema is an error.
 */
export const YAML_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({ implicit: [builtin.null, builtin.bool, coreInt, builtin.float, builtin.merge] });
