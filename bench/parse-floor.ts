/**
 * The floor of compilation: js-yaml parsing the same files with the same schema and options, and nothing else.
 * The texts are read before timing starts, so the floor is the parse alone; the compile time it is compared
 * with includes finding, reading and decoding the files, which makes the ratio stricter, not looser.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { YAML_SCHEMA } from "../compiler/source/yaml-schema";

/** The options compiler/source/load.ts passes (its nesting bound is not exported; it is 64 there too). */
const LOAD_OPTIONS = { schema: YAML_SCHEMA, maxDepth: 64 } as yaml.LoadOptions;

/** The texts a compilation of `accountFolder` reads: accounts.yaml and every *.yaml/*.yml below the folder. */
export function textsOfAccount(accountsFile: string, accountFolder: string): string[] {
  const files = [accountsFile];
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile() && /\.(yaml|yml)$/.test(entry.name)) files.push(file);
    }
  };
  walk(accountFolder);
  return files.map((file) => fs.readFileSync(file, "utf8"));
}

/**
 * Parses every file of an account and returns the documents: they stay alive until the whole account is
 * parsed, as they must for any use of them. (Dropping each document at once would let the garbage collector
 * skip the copying of surviving objects that parsed data always costs, and the floor would not be one.)
 */
export function parseAll(texts: readonly string[]): unknown[] {
  return texts.map((text) => yaml.load(text, LOAD_OPTIONS));
}

export function bytesOf(texts: readonly string[]): number {
  return texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
}
