#!/usr/bin/env node
/**
 * The `iam-syncr` executable. It turns on the code cache (cli/code-cache.ts) before any other module of the
 * command line loads, so that they load from it; the command line itself is cli/run.ts.
 */
import { useCodeCache } from "./code-cache";

useCodeCache();
// Required here, not imported at the top: an import would load the command line before the cache is on.
// eslint-disable-next-line @typescript-eslint/no-require-imports
(require("./run") as typeof import("./run")).runThisProcess();
