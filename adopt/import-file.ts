/**
 * Pulumi's bulk import file, the input of `pulumi import --file` (pulumi/pulumi pkg/cmd/pulumi/operations/import.go):
 * `nameTable` maps a name to the URN of a resource already in the stack (here: the program's AWS providers), and
 * each entry of `resources` names its type, logical name, the ID to read it by, and its provider by a nameTable
 * name. Pulumi builds each imported resource's URN from the stack, the project, the type and `name`, so `name`
 * must be the logical name the program gives the resource.
 */

/** The `name` of Pulumi.yaml: part of every URN of the stack. */
export const PULUMI_PROJECT = "iam-syncr";

export interface ImportFile {
  readonly nameTable: Readonly<Record<string, string>>;
  readonly resources: readonly ImportEntry[];
}

export interface ImportEntry {
  readonly type: string;
  readonly name: string;
  readonly id: string;
  /** A key of `nameTable`. */
  readonly provider: string;
}

/** The URN of a resource the program declares at the top level of the stack, as the engine forms it. */
export function stackUrn(stack: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::${PULUMI_PROJECT}::${type}::${name}`;
}

export function formatImportFile(file: ImportFile): string {
  return `${JSON.stringify({ nameTable: file.nameTable, resources: file.resources }, null, 2)}\n`;
}
