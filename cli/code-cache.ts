/**
 * V8's code cache for the modules the command line loads, written at build time, so that `iam-syncr compile`
 * and `check` start without compiling about a hundred modules (800 KB of JavaScript) from source each time:
 * about 20 ms of a 150 ms start-up (docs/performance.md).
 *
 * Why this module exists: Node 22 has this built in (`module.enableCompileCache`); Node 20, which this project
 * supports, does not. v8-compile-cache does it on Node 20, but it keeps only what V8 compiles eagerly (the
 * modules' top levels) and measured no faster here; this cache is taken after a warm-up run of `check` and
 * `compile` (scripts/record-code-cache.js), so it also holds the functions those commands compiled lazily.
 *
 * Safety: V8 checks the cache against its own version and flags, but of the source only the length: given the
 * cache of a module edited to the same length, it runs the old code. So a module is taken from the cache only
 * when its text has the length and CRC-32 recorded at build time; anything else (another Node, a missing or
 * damaged file, a module not recorded, source maps or an inspector break on start) is compiled by Node as
 * always. The cache is read, never written, at run time. IAM_SYNCR_CODE_CACHE=off turns it off.
 */
import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";
import { crc32 } from "node:zlib";

/** The package's root: module paths in the cache are relative to it, so a moved checkout keeps its cache. */
const PACKAGE_ROOT = path.join(__dirname, "..", "..");
export const CODE_CACHE_FILE = path.join(__dirname, "code-cache.data");
/** The process's main module, as every module's `require.main` is. */
const MAIN_MODULE = require.main;

const MAGIC = "iam-syncr code cache 1\n";

interface CachedModule {
  /** Relative to the package root, with `/`. */
  file: string;
  length: number;
  crc32: number;
  offset: number;
  size: number;
}

interface Header {
  node: string;
  v8: string;
  arch: string;
  modules: CachedModule[];
}

/** What happened to the modules that were in the cache: for tests and for the curious. */
export interface CodeCacheUse {
  /** Compiled from the cache. */
  used: number;
  /** Recorded, but their text changed since: compiled from source. */
  stale: number;
  /** V8 refused the cached code (other flags): compiled from source. */
  rejected: number;
}

/** The parts of Node's CommonJS loader this module takes over (not in @types/node: internal, but stable since Node 0.x). */
interface LoaderModule {
  exports: unknown;
  require(id: string): unknown;
}
type Compile = (this: LoaderModule, content: string, filename: string, format?: string) => unknown;
const loader = Module as unknown as {
  prototype: { _compile: Compile };
  _resolveFilename(request: string, parent: LoaderModule, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: LoaderModule): string[] | null;
  _extensions: unknown;
  _cache: unknown;
  wrap(script: string): string;
};

/**
 * Takes the modules recorded in `cacheFile` from it from now on. Returns what happened to them (counted as they
 * load), or undefined when the cache is not used (see the module's comment).
 */
export function useCodeCache(cacheFile = CODE_CACHE_FILE, root = PACKAGE_ROOT): CodeCacheUse | undefined {
  if (!cacheAllowed()) return undefined;
  let data: Buffer;
  try {
    data = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const cache = readCache(data);
  if (cache === undefined || !sameRuntime(cache.header)) return undefined;
  const byFilename = new Map(cache.header.modules.map((m) => [path.join(root, m.file), m]));
  const use: CodeCacheUse = { used: 0, stale: 0, rejected: 0 };
  const compile = loader.prototype._compile;
  loader.prototype._compile = function (content, filename, format) {
    const recorded = byFilename.get(filename);
    if (recorded === undefined || format === "module") return compile.call(this, content, filename, format);
    if (content.length !== recorded.length || crc32(content) !== recorded.crc32) {
      use.stale++;
      return compile.call(this, content, filename, format);
    }
    const cachedData = cache.body.subarray(recorded.offset, recorded.offset + recorded.size);
    const script = scriptOf(content, filename, cachedData);
    if (script.cachedDataRejected === true) use.rejected++;
    else use.used++;
    return runModule(script, this, filename);
  };
  return use;
}

/**
 * Compiles, through vm.Script, every CommonJS module loaded while `warmUp` runs, then writes their code
 * caches, taken after the warm-up so that they include the functions it compiled, to `cacheFile`. The warm-up
 * must be the first to load those modules in this process.
 */
export async function recordCodeCache(warmUp: () => Promise<void>, cacheFile = CODE_CACHE_FILE, root = PACKAGE_ROOT): Promise<number> {
  const compiled: { filename: string; content: string; script: vm.Script }[] = [];
  const compile = loader.prototype._compile;
  loader.prototype._compile = function (content, filename, format) {
    if (format === "module") return compile.call(this, content, filename, format);
    let script: vm.Script;
    try {
      script = scriptOf(content, filename, undefined);
    } catch {
      // Not CommonJS after all (an ES module without a .mjs name): Node knows what to do with it.
      return compile.call(this, content, filename, format);
    }
    compiled.push({ filename, content, script });
    return runModule(script, this, filename);
  };
  try {
    await warmUp();
  } finally {
    loader.prototype._compile = compile;
  }
  const modules: CachedModule[] = [];
  const bodies: Buffer[] = [];
  let offset = 0;
  for (const { filename, content, script } of compiled) {
    const body = script.createCachedData();
    const file = path.relative(root, filename).split(path.sep).join("/");
    modules.push({ file, length: content.length, crc32: crc32(content), offset, size: body.length });
    bodies.push(body);
    offset += body.length;
  }
  const header: Header = { node: process.version, v8: process.versions.v8, arch: process.arch, modules };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const headerLength = Buffer.alloc(4);
  headerLength.writeUInt32LE(headerBytes.length);
  // Written whole, then renamed: a command starting meanwhile sees the old cache or the new one.
  const partial = `${cacheFile}.${process.pid}.partial`;
  fs.writeFileSync(partial, Buffer.concat([Buffer.from(MAGIC), headerLength, headerBytes, ...bodies]));
  fs.renameSync(partial, cacheFile);
  return modules.length;
}

/** Node's own compile does more in these cases (source maps, policies, the inspector's first break). */
function cacheAllowed(): boolean {
  if (process.env.IAM_SYNCR_CODE_CACHE === "off") return false;
  if (process.sourceMapsEnabled) return false;
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].join(" ");
  return !/--(?:experimental-policy|inspect-brk|enable-source-maps)/.test(flags);
}

function readCache(data: Buffer): { header: Header; body: Buffer } | undefined {
  const magic = Buffer.from(MAGIC);
  if (data.length < magic.length + 4 || !data.subarray(0, magic.length).equals(magic)) return undefined;
  const headerLength = data.readUInt32LE(magic.length);
  const headerEnd = magic.length + 4 + headerLength;
  if (headerEnd > data.length) return undefined;
  let header: Header;
  try {
    header = JSON.parse(data.subarray(magic.length + 4, headerEnd).toString("utf8")) as Header;
  } catch {
    return undefined;
  }
  const body = data.subarray(headerEnd);
  if (!Array.isArray(header.modules) || header.modules.some((m) => !(m.offset >= 0 && m.size >= 0 && m.offset + m.size <= body.length))) return undefined;
  return { header, body };
}

function sameRuntime(header: Header): boolean {
  return header.node === process.version && header.v8 === process.versions.v8 && header.arch === process.arch;
}

function scriptOf(content: string, filename: string, cachedData: Buffer | undefined): vm.Script {
  // Node removes a `#!` line before compiling; the wrapper would make it a syntax error.
  const source = content.startsWith("#!") ? `//${content.slice(2)}` : content;
  return new vm.Script(loader.wrap(source), {
    filename,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
}

/** What Node's Module.prototype._compile does with the compiled wrapper of a CommonJS module. */
function runModule(script: vm.Script, module: LoaderModule, filename: string): unknown {
  const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
  const moduleRequire = Object.assign((id: string) => module.require(id), {
    resolve: Object.assign((request: string, options?: unknown) => loader._resolveFilename(request, module, false, options), {
      paths: (request: string) => loader._resolveLookupPaths(request, module),
    }),
    main: MAIN_MODULE,
    extensions: loader._extensions,
    cache: loader._cache,
  });
  return wrapper.call(module.exports, module.exports, moduleRequire, module, filename, path.dirname(filename));
}
