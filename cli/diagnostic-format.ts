/**
 * Diagnostics for people: the one-line form of DIALECT.md 11.1, then the source line it points at with a caret
 * under the column and the diagnostic's code, as the TypeScript compiler shows them:
 *
 *     stacks/example/roles.yaml:12:17: warning: roles.web.allow_permission[0].action: unknown action "s3:GetObjekt"; did you mean "s3:GetObject"?
 *        12 |         action: s3:GetObjekt
 *           |                 ^ IAM103
 *
 * The first line stays exactly the one-line form, so tools that parse it keep working.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { escapeControlCharacters, formatDiagnostic, type Diagnostic } from "../compiler";

/** The lines of the files diagnostics name, read once each. */
export interface SourceLines {
  line(file: string, line: number): string | undefined;
}

/** Reads files relative to `cwd` (as diagnostics name them); an unreadable file has no lines. */
export function sourceLinesFrom(cwd: string): SourceLines {
  const files = new Map<string, string[] | undefined>();
  return {
    line(file, line) {
      if (!files.has(file)) {
        let lines: string[] | undefined;
        try {
          lines = fs.readFileSync(path.resolve(cwd, file), "utf8").split(/\r\n|\n|\r/);
        } catch {
          lines = undefined;
        }
        files.set(file, lines);
      }
      return files.get(file)?.[line - 1];
    },
  };
}

/** Lines longer than this are shown as a window around the column. */
const WIDEST = 160;
const CONTEXT_BEFORE = 60;

/** The diagnostic, and under it its source line with a caret (when its position is known). */
export function formatWithSource(diagnostic: Diagnostic, sources: SourceLines): string {
  const head = formatDiagnostic(diagnostic);
  const { file, line, column } = diagnostic;
  if (file === undefined || line === undefined) return `${head}\n`;
  const text = sources.line(file, line);
  if (text === undefined) return `${head}\n`;
  const { shown, caretAt } = window(text, (column ?? 1) - 1);
  const number = String(line);
  const gutter = " ".repeat(number.length);
  // Control characters of the file are shown escaped, as in the first line; the caret moves with them.
  // Tabs stay tabs under the caret, so it lines up however the terminal expands them.
  const before = escapeControlCharacters(shown.slice(0, caretAt), { keepTabs: true });
  const printable = before + escapeControlCharacters(shown.slice(caretAt), { keepTabs: true });
  const padding = before.replace(/[^\t]/g, " ");
  return `${head}\n  ${number} | ${printable}\n  ${gutter} | ${padding}^ ${diagnostic.code}\n`;
}

function window(text: string, offset: number): { shown: string; caretAt: number } {
  const at = Math.min(Math.max(offset, 0), text.length);
  if (text.length <= WIDEST) return { shown: text, caretAt: at };
  const start = Math.max(0, at - CONTEXT_BEFORE);
  const end = Math.min(text.length, start + WIDEST);
  const prefix = start > 0 ? "…" : "";
  const suffix = end < text.length ? "…" : "";
  return { shown: `${prefix}${text.slice(start, end)}${suffix}`, caretAt: prefix.length + at - start };
}
