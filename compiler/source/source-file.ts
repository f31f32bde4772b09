import * as path from "node:path";
import { PositionIndex } from "./positions";

/** A YAML file of the stacks root: its text, its display name and (on demand) the positions of its nodes. */
export class SourceFile {
  private index: PositionIndex | undefined;

  constructor(
    /** Absolute path on disk. */
    readonly absolutePath: string,
    /** Relative to the current directory, with `/`: what diagnostics print (DIALECT.md 11.1). */
    readonly displayPath: string,
    /** Relative to the account folder (`_shared/…` for shared files), with `/`: the configuration order (1.3). Empty for accounts.yaml. */
    readonly relativePath: string,
    /** The decoded text, or undefined when the file could not be read or decoded. */
    readonly text: string | undefined,
    /** A file of `<root>/_shared`, read by every account (DIALECT.md §14). */
    readonly shared: boolean = false,
  ) {}

  static displayPathOf(absolutePath: string, cwd: string): string {
    return toSlashes(path.relative(cwd, absolutePath) || path.basename(absolutePath));
  }

  positions(): PositionIndex | undefined {
    if (this.text === undefined) return undefined;
    this.index ??= new PositionIndex(this.text);
    return this.index;
  }
}

export function toSlashes(p: string): string {
  return p.split(path.sep).join("/");
}
