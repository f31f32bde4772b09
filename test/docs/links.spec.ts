/**
 * Every relative link of README.md and docs/**\/*.md resolves: the file or folder exists, and a `#anchor` names a
 * heading of the target (as GitHub makes anchors from headings). Links outside code blocks and inline code
 * only; web links are not fetched.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "../..");

function markdownFiles(): string[] {
  const docs = fs.readdirSync(path.join(REPO, "docs"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".md"));
  return ["README.md", ...docs.map((f) => path.join("docs", f))].sort();
}

const CODE_BLOCK = /^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm;

/** The text without fenced code blocks and inline code, where a bracket is not a link. */
function prose(text: string): string {
  return text.replace(CODE_BLOCK, "").replace(/`[^`\n]*`/g, "");
}

/**
 * GitHub's anchors of the headings of a page: the heading's text (inline code and link text kept, their marks
 * dropped) in lower case, punctuation removed, each space a "-"; a repeated anchor gets "-1", "-2", ….
 */
function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of text.replace(CODE_BLOCK, "").matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = heading
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

function links(text: string): string[] {
  return [...prose(text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

describe("documentation links", () => {
  const files = markdownFiles();

  it("finds the pages (README.md and docs/)", () => {
    expect(files).to.include.members(["README.md", "docs/cli.md", "docs/rules/README.md", "docs/rules/IAM105.md", "docs/performance.md"]);
  });

  it("anchors are made as GitHub makes them", () => {
    expect([...headingAnchors("# `iam-syncr compile`\n## Editors: the JSON Schema\n## Step 1. Once per machine\n## Step 1. Once per machine\n")]).to.deep.equal([
      "iam-syncr-compile",
      "editors-the-json-schema",
      "step-1-once-per-machine",
      "step-1-once-per-machine-1",
    ]);
  });

  for (const file of files) {
    it(`${file}: every relative link resolves, with its anchor`, () => {
      const text = fs.readFileSync(path.join(REPO, file), "utf8");
      const broken: string[] = [];
      for (const link of links(text)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto:
        const [target, anchor] = link.split("#", 2) as [string, string | undefined];
        const resolved = target === "" ? path.join(REPO, file) : path.resolve(path.dirname(path.join(REPO, file)), decodeURIComponent(target));
        if (!resolved.startsWith(REPO) || !fs.existsSync(resolved)) {
          broken.push(`${link}: no such file`);
          continue;
        }
        if (anchor !== undefined) {
          if (!resolved.endsWith(".md")) {
            broken.push(`${link}: an anchor into a file that is not Markdown`);
            continue;
          }
          if (!headingAnchors(fs.readFileSync(resolved, "utf8")).has(anchor)) broken.push(`${link}: no heading makes the anchor #${anchor}`);
        }
      }
      expect(broken).to.deep.equal([]);
    });
  }
});
