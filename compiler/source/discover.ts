/**
 * Which files make up an account (DIALECT.md 1.3): every regular file below the account folder, at any depth,
 * named `*.yaml` or `*.yml`, in order of its path relative to the folder (with `/`, by code point). Symbolic
 * links are not followed, so a link cannot pull in another account's files or loop; each one is reported.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Diagnostics } from "../diagnostics";
import { Messages } from "../messages";
import { compareText } from "../values";
import { errorReason } from "./load";
import { SourceFile } from "./source-file";

export interface DiscoveredFile {
  absolutePath: string;
  /** Relative to the account folder, with `/`. */
  relativePath: string;
}

const YAML_NAME = /\.(yaml|yml)$/;

export function discoverFiles(folder: string, cwd: string, diagnostics: Diagnostics): DiscoveredFile[] | undefined {
  const found: DiscoveredFile[] = [];
  let ok = true;
  const walk = (directory: string, relative: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true });
    } catch (e) {
      diagnostics.report(Messages.cannotRead, { what: `folder ${SourceFile.displayPathOf(directory, cwd)}`, reason: errorReason(e) }, {});
      ok = false;
      return;
    }
    for (const entry of entries) {
      const absolutePath = path.join(directory, entry.name);
      const relativePath = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isSymbolicLink()) {
        if (entry.name.match(YAML_NAME) || isDirectoryLink(absolutePath)) {
          diagnostics.report(Messages.symlinkSkipped, { link: SourceFile.displayPathOf(absolutePath, cwd) }, {});
        }
      } else if (entry.isDirectory()) {
        walk(absolutePath, relativePath);
      } else if (entry.isFile() && YAML_NAME.test(entry.name)) {
        found.push({ absolutePath, relativePath });
      }
    }
  };
  walk(folder, "");
  return ok ? found.sort((a, b) => compareText(a.relativePath, b.relativePath)) : undefined;
}

function isDirectoryLink(link: string): boolean {
  try {
    return fs.statSync(link).isDirectory();
  } catch {
    return false; // a dangling link or a loop: not followed either way
  }
}
