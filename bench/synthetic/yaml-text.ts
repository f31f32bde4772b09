/**
 * Writing YAML by hand, in the mixed style people write: block mappings for definitions, flow mappings and
 * lists for statements and specifiers. (js-yaml's dumper writes one style only, and the bench should parse
 * what real account folders look like.)
 */

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

/** Plain where the YAML 1.2 core schema reads it back as the same string; double-quoted (JSON) otherwise. */
export function scalar(value: string | number | boolean | null): string {
  if (typeof value !== "string") return String(value);
  const plain = /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(value) && !/^(?:true|false|null|True|False|Null|TRUE|FALSE|NULL)$/.test(value);
  return plain ? value : JSON.stringify(value);
}

/** One line: `{action: [a, b], resource: {s3: x}}`. */
export function flow(value: YamlValue): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${scalar(k)}: ${flow(v)}`)
      .join(", ")}}`;
  }
  return scalar(value);
}

/**
 * A block mapping whose values are written in flow style, except lists of mappings (statements), which get one
 * `- {…}` line per item.
 */
export function block(mapping: Record<string, YamlValue>, indent: number): string {
  const pad = " ".repeat(indent);
  let out = "";
  for (const [key, value] of Object.entries(mapping)) {
    if (Array.isArray(value) && value.length > 0 && value.every((item) => item !== null && typeof item === "object" && !Array.isArray(item))) {
      out += `${pad}${scalar(key)}:\n`;
      for (const item of value) out += `${pad}  - ${flow(item)}\n`;
    } else {
      out += `${pad}${scalar(key)}: ${flow(value)}\n`;
    }
  }
  return out;
}

/** `name:` followed by the definition's block, at `indent`. */
export function namedBlock(name: string, definition: Record<string, YamlValue>, indent: number): string {
  return `${" ".repeat(indent)}${scalar(name)}:\n${block(definition, indent + 2)}`;
}
