/** Reading what `pulumi preview` and `pulumi up` print (without colour, non-interactive). */

/** How the CLI shows a type token: `aws:iam/role:Role` as `aws:iam:Role`; other tokens as they are. */
export function displayType(type: string): string {
  const match = /^([^:]+):([^/:]+)\/([^:]+):(.+)$/.exec(type);
  if (match === null) return type;
  const [, pkg, module, sub, name] = match;
  return sub.toLowerCase() === name.toLowerCase() ? `${pkg}:${module}:${name}` : type;
}

/**
 * The operations a preview or update shows, as `<operation> <type> <name>`: `create aws:iam:Role web`,
 * `update …`, `replace …`, `delete …`, and for a delete-first replacement also `delete-original …` and
 * `create-replacement …`. Without `--diff` the CLI prints one line each: ` +  aws:iam:Role web create`,
 * ` ~  … update [diff: ~policy]`, ` -  … delete[retain]`, ` +- … replace [diff: ~path]`, ` -- … delete original`,
 * ` ++ … create replacement`. With `--diff` it prints `    ~ aws:iam/role:Role: (update)` (`    +-aws:…: (replace)`) and, below it,
 * `        [urn=urn:pulumi:<stack>::<project>::<type>::<name>]`.
 */
export function operationLines(output: string): string[] {
  const lines: string[] = [];
  const plain = /^ [-+~]{1,2} +(\S+) (\S+) (create replacement|delete original|create|update|replace|delete|import)(\[retain\])?( \[.*\])?\s*$/;
  const diffHeader = /^\s+[-+~]{1,2} ?(\S+): \((create-replacement|delete-replaced|create|update|replace|delete|import)\)/;
  const all = output.split("\n");
  all.forEach((line, index) => {
    const match = plain.exec(line);
    if (match !== null && match[1] !== "pulumi:pulumi:Stack") lines.push(`${match[3].replace(" ", "-")} ${match[1]} ${match[2]}`);
    const header = diffHeader.exec(line);
    if (header === null || header[1] === "pulumi:pulumi:Stack") return;
    const urn = all
      .slice(index + 1, index + 4)
      .map((next) => /\[urn=(urn:pulumi:[^\]]+)\]/.exec(next)?.[1])
      .find((found) => found !== undefined);
    if (urn === undefined) return;
    const name = urn.split("::").pop() ?? "";
    lines.push(`${header[2]} ${displayType(header[1])} ${name}`);
  });
  return lines;
}

/**
 * What `pulumi preview --diff` marks as changed in each resource it lists, as `<type> <name>` (as
 * `operationLines` names them) → the resource's top-level property lines with a marker, trimmed, e.g.
 * `~ forceDetachPolicies: false => true` (a multi-line value gives its first line). The CLI marks the
 * properties of the provider's detailed diff; unchanged ones are printed without a marker and left out here.
 */
export function propertyChanges(output: string): Record<string, string[]> {
  const changes: Record<string, string[]> = {};
  const header = /^ {4}[-+~]{1,2} ?(\S+): \((?:create-replacement|delete-replaced|create|update|replace|delete|import)\)/;
  const property = /^ {6}([-+~]{1,2}) ?(\S.*)$/;
  let current: string[] | undefined;
  const all = output.split("\n");
  all.forEach((line, index) => {
    const found = header.exec(line);
    if (found !== null) {
      const urn = all
        .slice(index + 1, index + 4)
        .map((next) => /\[urn=(urn:pulumi:[^\]]+)\]/.exec(next)?.[1])
        .find((value) => value !== undefined);
      current = urn === undefined ? undefined : (changes[`${displayType(found[1])} ${urn.split("::").pop() ?? ""}`] = []);
      return;
    }
    if (!line.startsWith("      ")) {
      if (line.trim() !== "" && !line.startsWith("        ")) current = undefined;
      return;
    }
    const changed = property.exec(line);
    if (changed !== null && current !== undefined) current.push(`${changed[1]} ${changed[2].trim().replace(/\s+:/, ":")}`);
  });
  return changes;
}

/** The "Resources:" summary lines, e.g. `+ 38 to create`, `~ 1 to update`, `5 unchanged`. */
export function resourceSummary(output: string): string[] {
  const at = output.lastIndexOf("\nResources:\n");
  if (at < 0) return [];
  const lines: string[] = [];
  for (const line of output.slice(at + "\nResources:\n".length).split("\n")) {
    if (line.trim() === "") break;
    lines.push(line.trim().replace(/\s+/g, " "));
  }
  return lines;
}
