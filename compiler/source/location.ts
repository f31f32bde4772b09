/**
 * Two kinds of path, because a value can be written in one place and used in another (templates, 3.7):
 *
 * - an `Origin` says where a value was written: a file and the path inside that file's document;
 * - a `YamlPath` says what the value is for: the path the user reads in a diagnostic (`roles.web.tags`).
 *
 * Both are linked lists, so descending into a child is one small allocation.
 */
import type { SourceFile } from "./source-file";
import type { Segment } from "./positions";

export class Origin {
  private constructor(
    readonly file: SourceFile,
    readonly parent: Origin | undefined,
    readonly segment: Segment | undefined,
  ) {}

  static root(file: SourceFile): Origin {
    return new Origin(file, undefined, undefined);
  }

  child(segment: Segment): Origin {
    return new Origin(this.file, this, segment);
  }

  segments(): Segment[] {
    const out: Segment[] = [];
    for (let o: Origin | undefined = this; o !== undefined && o.segment !== undefined; o = o.parent) out.push(o.segment);
    return out.reverse();
  }

  /** The template a value was written in, when it was written under `templates.<name>`. */
  template(): string | undefined {
    const segments = this.segments();
    return segments[0] === "templates" && typeof segments[1] === "string" ? segments[1] : undefined;
  }
}

export class YamlPath {
  private constructor(
    readonly parent: YamlPath | undefined,
    readonly segment: Segment | undefined,
  ) {}

  static readonly root = new YamlPath(undefined, undefined);

  static of(...segments: Segment[]): YamlPath {
    return segments.reduce<YamlPath>((path, segment) => path.child(segment), YamlPath.root);
  }

  child(segment: Segment): YamlPath {
    return new YamlPath(this, segment);
  }

  segments(): Segment[] {
    const out: Segment[] = [];
    for (let p: YamlPath | undefined = this; p !== undefined && p.segment !== undefined; p = p.parent) out.push(p.segment);
    return out.reverse();
  }

  first(): Segment | undefined {
    return this.segments()[0];
  }

  /** DIALECT.md 11.1: keys joined by `.`, items as `[i]`, awkward keys as `["…"]`. */
  toString(): string {
    let out = "";
    for (const segment of this.segments()) {
      if (typeof segment === "number") out += `[${segment}]`;
      else if (segment === "" || /[.[\]"\s]/u.test(segment)) out += `[${JSON.stringify(segment)}]`;
      else out += out === "" ? segment : `.${segment}`;
    }
    return out;
  }
}
