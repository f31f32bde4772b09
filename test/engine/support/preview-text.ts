/** Reading what `pulumi preview` and `pulumi up` print (without colour, non-interactive). */

/** How the CLI shows a type token: `aws:iam/role:Role` as `aws:iam:Role`; other tokens as they are. */
export function displayType(type: string): string {
  const match = /^([^:]+):([^/:]+)\/([^:]+):(.+)$/.exec(type);
  if (match === null) return type;
  const [, pkg, module, sub, name] = match;
  return sub.toLowerCase() === name.toLowerCase() ? `${pkg}:${module}:${name}` : type;
}

/**
 * The operation lines of a preview or update, as `<operation> <type> <name>`: `create aws:iam:Role web`,
 * `update …`, `replace …`, `delete …`, and for a delete-first replacement also `delete-original …` and
 * `create-replacement …`. The CLI prints them as ` +  aws:iam:Role web create`, ` ~  … update [diff: ~policy]`,
 * ` -  … delete[retain]`, ` +- … replace [diff: ~path]`, ` -- … delete original`, ` ++ … create replacement`.
 */
export function operationLines(output: string): string[] {
  const lines: string[] = [];
  const pattern = /^ [-+~]{1,2} +(\S+) (\S+) (create replacement|delete original|create|update|replace|delete|import)(\[retain\])?( \[.*\])?\s*$/;
  for (const line of output.split("\n")) {
    const match = pattern.exec(line);
    if (match !== null && match[1] !== "pulumi:pulumi:Stack") lines.push(`${match[3].replace(" ", "-")} ${match[1]} ${match[2]}`);
  }
  return lines;
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
