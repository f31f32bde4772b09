/**
 * The whole-process floor of `iam-syncr compile` on a large account: a Node process that reads accounts.yaml and
 * every file of the account and parses them with js-yaml (the compiler's schema and options), keeping the
 * documents until all are parsed, and exits. Run by whole-process.ts as `node bin/bench/parse-process.js
 * <accounts.yaml> <account folder>`.
 */
import { parseAll, textsOfAccount } from "./parse-floor";

const [accountsFile, accountFolder] = process.argv.slice(2);
const documents = parseAll(textsOfAccount(accountsFile, accountFolder));
if (documents.length === 0) process.exitCode = 1;
