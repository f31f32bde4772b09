import * as yaml from "js-yaml";

// @types/js-yaml does not declare the built-in types that js-yaml exports at run time.
const builtinTypes = (yaml as unknown as { types: { merge: yaml.Type } }).types;

/**
 * YAML 1.2 core schema plus merge keys (DIALECT.md 1.4): `yes`, `no`, `on`, `off` and dates stay strings,
 * `012` is the integer 12, and any explicit tag outside the core schema is an error.
 */
export const YAML_SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [builtinTypes.merge] });
