/**
 * Diagnostics for people: the one-line form of DIALECT.md 11.1, then the source line it points at with its span
 * underlined and the diagnostic's code (after eemeli/yaml's prettifyError and the TypeScript compiler):
 *
 *     stacks/example/roles.yaml:12:17: warning: roles.web.allow_permission[0].action: unknown action "s3:GetObjekt"; did you mean "s3:GetObject"?
 *        12 |         action: s3:GetObjekt
 *           |                 ^^^^^^^^^^^^ IAM103
 *
 * The first line stays exactly the one-line form, so tools that parse it keep working. A span that goes on past
 * its first line is underlined to the end of that line. Colour (colour.ts) is added to text that is otherwise
 * final: the line as formatDiagnostic wrote it (escaped, when it escapes), the source line as shown.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { escapeControlCharacters, formatDiagnostic, summarize, type Diagnostic } from "../compiler";
import { PLAIN, type Style } from "./colour";

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

/** The one-line form with its severity styled. */
export function formatHeadLine(diagnostic: Diagnostic, style: Style = PLAIN): string {
  const line = formatDiagnostic(diagnostic);
  if (style === PLAIN) return line;
  // The severity is the first "error"/"warning" that starts the line or follows ": " (the location is before it).
  const word = diagnostic.severity;
  const after = line.indexOf(`: ${word}: `);
  const at = line.startsWith(`${word}:`) ? 0 : after < 0 ? -1 : after + 2;
  if (at < 0) return line;
  return `${line.slice(0, at)}${style.severity(word, word)}${line.slice(at + word.length)}`;
}

/** Every diagnostic in its one-line form (DIALECT.md 11.1), then the count: what `compile` writes on stderr. */
export function formatDiagnosticLines(diagnostics: readonly Diagnostic[], style: Style = PLAIN): string {
  if (diagnostics.length === 0) return "";
  return diagnostics.map((d) => `${formatHeadLine(d, style)}\n`).join("") + `${summarize(diagnostics)}\n`;
}

/** The diagnostic, and under it its source line with the span underlined (when its position is known). */
export function formatWithSource(diagnostic: Diagnostic, sources: SourceLines, style: Style = PLAIN): string {
  const head = formatHeadLine(diagnostic, style);
  const { file, line, column } = diagnostic;
  if (file === undefined || line === undefined) return `${head}\n`;
  const text = sources.line(file, line);
  if (text === undefined) return `${head}\n`;
  const start = Math.min(Math.max((column ?? 1) - 1, 0), text.length);
  const end = spanEnd(diagnostic, start, text);
  const { shown, from, to } = window(text, start, end);
  const number = String(line);
  const gutter = " ".repeat(number.length);
  // Control characters of the file are shown escaped, as in the first line; the span moves and widens with them.
  // Tabs stay tabs under the marker, so it lines up however the terminal expands them.
  const escape = (text: string) => escapeControlCharacters(text, { keepTabs: true });
  const before = escape(shown.slice(0, from));
  const span = escape(shown.slice(from, to));
  const printable = before + span + escape(shown.slice(to));
  const padding = before.replace(/[^\t]/g, " ");
  const marker = "^".repeat(Math.max(1, span.length));
  return (
    `${head}\n` +
    `${style.dim(`  ${number} |`)} ${printable}\n` +
    `${style.dim(`  ${gutter} |`)} ${padding}${style.marker(diagnostic.severity, marker)} ${style.dim(diagnostic.code)}\n`
  );
}

/** Where the underline ends on the line (exclusive): the span's end on this line, else the end of the line's text. */
function spanEnd(diagnostic: Diagnostic, start: number, text: string): number {
  const { line, endLine, endColumn } = diagnostic;
  if (endLine === undefined || endColumn === undefined) return start + 1;
  if (endLine === line) return Math.min(Math.max(endColumn - 1, start + 1), text.length);
  return Math.max(text.trimEnd().length, start + 1);
}

/** The line, or a window of it around the span's start; `from`/`to`: the span within what is shown. */
function window(text: string, start: number, end: number): { shown: string; from: number; to: number } {
  if (text.length <= WIDEST) return { shown: text, from: start, to: Math.min(end, Math.max(text.length, start + 1)) };
  const first = Math.max(0, start - CONTEXT_BEFORE);
  const last = Math.min(text.length, first + WIDEST);
  const prefix = first > 0 ? "…" : "";
  const suffix = last < text.length ? "…" : "";
  const from = prefix.length + start - first;
  return { shown: `${prefix}${text.slice(first, last)}${suffix}`, from, to: from + Math.max(1, Math.min(end, last) - start) };
}
