/**
 * The settings file of a stacks root, `iam-syncr.yaml` (optional): how each lint rule reports in this
 * repository. Read and validated like an account file (YAML 1.2, the schema in schema/settings.ts), so a mistake
 * is a diagnostic with file, line and YAML path, and a misspelt rule code gets a suggestion.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Diagnostics } from "../diagnostics";
import { Located } from "../located";
import type { RuleLevel } from "../schema/settings";
import { validateSettings } from "../schema/validate";
import { parseSourceFile, readSourceFile } from "../source/load";

export const SETTINGS_FILE = "iam-syncr.yaml";

/** The level of each rule the file names; a rule it does not name keeps its default (warning). */
export interface LintSettings {
  /** The file, as diagnostics name it; null when the root has none. */
  file: string | null;
  levels: ReadonlyMap<string, RuleLevel>;
}

export const DEFAULT_SETTINGS: LintSettings = { file: null, levels: new Map() };

/** The settings of the stacks root `root`; undefined (with diagnostics) when the file is there but wrong. */
export function loadSettings(root: string, cwd: string, diagnostics: Diagnostics): LintSettings | undefined {
  const absolute = path.join(root, SETTINGS_FILE);
  if (!fs.existsSync(absolute)) return DEFAULT_SETTINGS;
  const before = diagnostics.errors;
  const file = readSourceFile(absolute, "", cwd, diagnostics);
  const { data } = parseSourceFile(file, diagnostics, "a mapping of settings, such as rules: {IAM105: error}");
  if (data === undefined) return undefined;
  validateSettings(Located.document(file, data), diagnostics);
  if (diagnostics.errors > before) return undefined;
  const rules = (data.rules ?? {}) as Record<string, RuleLevel>;
  return { file: file.displayPath, levels: new Map(Object.entries(rules)) };
}
