/**
 * The documentation that is derived from the code stays equal to it: the help each command prints (docs/cli.md),
 * the message catalog (docs/diagnostics.md), a page per lint rule (docs/rules/); and README.md stays a short
 * entry point that links every page.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { COMMANDS } from "../../cli/commands";
import { diagnosticsMarkdown } from "../../cli/diagnostics-doc";
import { helpText } from "../../cli/program";
import { LINT_RULES } from "../../compiler/lint/rules";

const REPO = path.resolve(__dirname, "../..");
const read = (file: string) => fs.readFileSync(path.join(REPO, file), "utf8");

describe("documentation pages", () => {
  it("README.md is under 250 lines and links every page of docs/", () => {
    const readme = read("README.md");
    expect(readme.split("\n").length).to.be.below(250);
    const pages = fs.readdirSync(path.join(REPO, "docs")).filter((f) => f.endsWith(".md"));
    expect(pages.filter((page) => !readme.includes(`](docs/${page})`))).to.deep.equal([]);
    expect(readme).to.include("](docs/rules/README.md)");
  });

  it("docs/cli.md shows the help of the program and of each command exactly as they print it", () => {
    const cli = read("docs/cli.md");
    for (const name of [undefined, ...COMMANDS.map((c) => c.name)]) {
      expect(cli, `the help of ${name ?? "the program"}`).to.include(`\`\`\`text\n${helpText(COMMANDS, name)}\`\`\``);
    }
  });

  it("docs/diagnostics.md is generated from the message catalog (see docs/development.md to regenerate it)", () => {
    expect(read("docs/diagnostics.md")).to.equal(diagnosticsMarkdown());
  });

  it("every lint rule has its page: what it finds, why it matters, an example with what check prints, how to fix", () => {
    const pages = fs.readdirSync(path.join(REPO, "docs/rules")).filter((f) => f !== "README.md");
    expect(pages.sort()).to.deep.equal(LINT_RULES.map((r) => `${r.code}.md`).sort());
    for (const { code } of LINT_RULES) {
      const page = read(`docs/rules/${code}.md`);
      expect(page.startsWith(`# ${code}: `), code).to.equal(true);
      const sections = [...page.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
      expect(sections, code).to.deep.equal(["What it finds", "Why it matters", "Example", "How to fix"]);
      expect(page, code).to.match(new RegExp(`\\^+ ${code}\\n`));
    }
  });

  it("docs/rules/README.md lists every rule with a link to its page", () => {
    const index = read("docs/rules/README.md");
    for (const { code } of LINT_RULES) expect(index).to.include(`| [${code}](${code}.md) |`);
  });
});
