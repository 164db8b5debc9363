import { createHash } from 'node:crypto';
import {
  createReadStream,
  lstatSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  type Stats,
  statSync,
} from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { CheckResult } from './types.js';

/** Files over this size are not parsed (spec: "Files over 5 MiB are not parsed"). */
export const MAX_PARSE_BYTES = 5 * 1024 * 1024;

/** Directories a glob never walks. */
const NEVER_WALKED = new Set(['.git', 'node_modules']);

export type FileFailureKind = 'escape' | 'missing' | 'not_file' | 'too_large' | 'binary' | 'unreadable';

export interface FileFailure {
  kind: FileFailureKind;
  /** One sentence naming the file, suitable as `details`. */
  message: string;
}

export type Read<T> = { ok: true; value: T } | { ok: false; failure: FileFailure };

/** The check result for a file that could not be used: an unreadable file is an `error`, everything else a `fail`. */
export function failureResult(failure: FileFailure): CheckResult {
  return { result: failure.kind === 'unreadable' ? 'error' : 'fail', details: failure.message };
}

const failed = <T>(kind: FileFailureKind, message: string): Read<T> => ({ ok: false, failure: { kind, message } });

/** A glob per the spec: any of `*`, `?`, `[`, `{` makes the value a glob. */
export function isGlob(value: string): boolean {
  return /[*?[{]/.test(value);
}

export interface FileStats {
  /** Files whose bytes were read from disk. */
  reads: number;
  /** Parses performed through `memo` (each (kind, file) at most once per run). */
  parses: number;
}

interface Disposable {
  delete(): void;
}

/** How a path prefix resolved: the real path reached, or why it stops (the message is built for the full path). */
type PrefixResolution = { ok: true; current: string } | { ok: false; reason: 'missing' | 'broken' | 'escape' };

/**
 * Every file access of a verification run goes through one ProjectFiles: it enforces the path rules (never outside
 * the root, symlinks included), and caches reads and parses so each file is read and parsed at most once per run.
 */
export class ProjectFiles {
  readonly stats: FileStats = { reads: 0, parses: 0 };
  private readonly texts = new Map<string, Promise<Read<string>>>();
  private readonly memos = new Map<string, Promise<Read<unknown>>>();
  private readonly resolved = new Map<string, Promise<Read<string>>>();
  private readonly normalized = new Map<string, Read<string>>();
  private readonly globs = new Map<string, Promise<string[]>>();
  /** Directory prefixes already resolved, so files of one directory lstat each parent component once per run. */
  private readonly prefixes = new Map<string, PrefixResolution>();
  private allFiles: Promise<string[]> | undefined;
  private realRoot: string | undefined;

  private constructor(readonly root: string) {}

  static at(root: string): ProjectFiles {
    return new ProjectFiles(path.resolve(root));
  }

  // File-system calls are synchronous: checks run one at a time (in a worker thread, or in the CLI's thread), so a
  // thread-pool round trip per stat/read only adds latency; a profile showed workers idle ~12% waiting on them.
  private rootReal(): string {
    this.realRoot ??= realpathSync(this.root);
    return this.realRoot;
  }

  /** Normalises a user path to a root-relative POSIX path, or says why it is not allowed. */
  normalize(userPath: string): Read<string> {
    // Every cached entry point normalises first, several times per check: remember the answers (immutable).
    let hit = this.normalized.get(userPath);
    if (!hit) {
      hit = normalizePath(userPath);
      if (this.normalized.size >= 100_000) this.normalized.clear();
      this.normalized.set(userPath, hit);
    }
    return hit;
  }

  /**
   * The absolute path of `userPath`, after checking every component: a symlink anywhere along the path whose target
   * leaves the root makes the whole path an escape, whether or not the final file exists.
   */
  resolve(userPath: string): Promise<Read<string>> {
    const norm = this.normalize(userPath);
    if (!norm.ok) return Promise.resolve(norm);
    const rel = norm.value;
    let hit = this.resolved.get(rel);
    if (!hit) {
      hit = this.resolveUncached(rel);
      this.resolved.set(rel, hit);
    }
    return hit;
  }

  // Results are cached by the normalised path, so messages name `rel`, not the caller's spelling (determinism).
  private async resolveUncached(rel: string): Promise<Read<string>> {
    const at = this.resolvePrefix(rel);
    if (at.ok) return { ok: true, value: at.current };
    if (at.reason === 'escape') return failed('escape', `${rel}: path escapes project root`);
    if (at.reason === 'broken') return failed('missing', `${rel} is a broken symlink`);
    return failed('missing', `${rel} does not exist`);
  }

  /** Resolves `rel` component by component (its parent through the prefix cache), following in-root symlinks. */
  private resolvePrefix(rel: string): PrefixResolution {
    const root = this.rootReal();
    if (rel === '') return { ok: true, current: root };
    const cached = this.prefixes.get(rel);
    if (cached) return cached;
    const slash = rel.lastIndexOf('/');
    const parent = slash === -1 ? { ok: true as const, current: root } : this.resolvePrefix(rel.slice(0, slash));
    const resolution = parent.ok ? this.step(root, parent.current, rel.slice(slash + 1)) : parent;
    this.prefixes.set(rel, resolution);
    return resolution;
  }

  private step(root: string, current: string, part: string): PrefixResolution {
    const next = path.join(current, part);
    let st: Stats;
    try {
      st = lstatSync(next);
    } catch {
      return { ok: false, reason: 'missing' };
    }
    if (!st.isSymbolicLink()) return { ok: true, current: next };
    let target: string;
    try {
      target = realpathSync(next);
    } catch {
      // A dangling link still escapes when its own target points outside the root.
      let dangling: string | undefined;
      try {
        dangling = readlinkSync(next);
      } catch {
        dangling = undefined;
      }
      if (dangling !== undefined && !isInside(root, path.resolve(current, dangling)))
        return { ok: false, reason: 'escape' };
      return { ok: false, reason: 'broken' };
    }
    if (!isInside(root, target)) return { ok: false, reason: 'escape' };
    return { ok: true, current: target };
  }

  /** A regular file's absolute path (symlinks inside the root followed), or why not. */
  async regularFile(userPath: string): Promise<Read<{ abs: string; size: number }>> {
    const res = await this.resolve(userPath);
    if (!res.ok) return res;
    try {
      const st = statSync(res.value);
      if (!st.isFile()) return failed('not_file', `${userPath} is not a regular file`);
      return { ok: true, value: { abs: res.value, size: st.size } };
    } catch {
      return failed('missing', `${userPath} does not exist`);
    }
  }

  /** True when a regular file exists at the path (inside the root). */
  async exists(userPath: string): Promise<boolean> {
    return (await this.regularFile(userPath)).ok;
  }

  /** The text of a file for parsing: refused over 5 MiB and for binary (NUL-containing) files. Read once per run. */
  readText(userPath: string): Promise<Read<string>> {
    const norm = this.normalize(userPath);
    if (!norm.ok) return Promise.resolve(norm);
    let hit = this.texts.get(norm.value);
    if (!hit) {
      hit = this.readTextUncached(norm.value);
      this.texts.set(norm.value, hit);
    }
    return hit;
  }

  private async readTextUncached(rel: string): Promise<Read<string>> {
    const file = await this.regularFile(rel);
    if (!file.ok) return file;
    if (file.value.size > MAX_PARSE_BYTES) return failed('too_large', `${rel}: file too large (over 5 MiB)`);
    let buf: Buffer;
    try {
      buf = readFileSync(file.value.abs);
    } catch (e) {
      return failed('unreadable', `${rel} could not be read (${(e as NodeJS.ErrnoException).code ?? 'I/O error'})`);
    }
    this.stats.reads++;
    if (buf.length > MAX_PARSE_BYTES) return failed('too_large', `${rel}: file too large (over 5 MiB)`);
    if (buf.includes(0)) return failed('binary', `${rel} is a binary file`);
    return { ok: true, value: buf.toString('utf8') };
  }

  /** Streams a file (any size, binary allowed) through a digest; returns lowercase hex. */
  async digest(userPath: string, algorithm: 'sha256' | 'sha384' | 'sha512'): Promise<Read<string>> {
    const file = await this.regularFile(userPath);
    if (!file.ok) return file;
    try {
      const hash = createHash(algorithm);
      for await (const chunk of createReadStream(file.value.abs)) hash.update(chunk as Buffer);
      this.stats.reads++;
      return { ok: true, value: hash.digest('hex') };
    } catch (e) {
      return failed(
        'unreadable',
        `${userPath} could not be read (${(e as NodeJS.ErrnoException).code ?? 'I/O error'})`,
      );
    }
  }

  /**
   * A parse of a file's text, computed at most once per (kind, file) in this run. `kind` names the parser
   * ("tree-sitter", "yaml", …). A parse result with a `delete()` method is released by `dispose()`.
   */
  memo<T>(userPath: string, kind: string, parse: (text: string, rel: string) => T | Promise<T>): Promise<Read<T>> {
    const norm = this.normalize(userPath);
    if (!norm.ok) return Promise.resolve(norm);
    const key = `${kind}\u0000${norm.value}`;
    let hit = this.memos.get(key) as Promise<Read<T>> | undefined;
    if (!hit) {
      const rel = norm.value;
      hit = this.readText(rel).then(async (text): Promise<Read<T>> => {
        if (!text.ok) return text;
        this.stats.parses++;
        try {
          return { ok: true, value: await parse(text.value, rel) };
        } catch (e) {
          const reason = e instanceof Error ? e.message : String(e);
          return failed('unreadable', `${rel} could not be parsed: ${reason}`);
        }
      });
      this.memos.set(key, hit);
    }
    return hit;
  }

  /** Every regular file under the root (root-relative, sorted), never entering .git/ or node_modules/. Walked once. */
  listFiles(): Promise<string[]> {
    this.allFiles ??= this.walk();
    return this.allFiles;
  }

  private async walk(): Promise<string[]> {
    const root = this.rootReal();
    const out: string[] = [];
    const visit = (dirAbs: string, dirRel: string): void => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = readdirSync(dirAbs, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const rel = dirRel ? `${dirRel}/${entry.name}` : entry.name;
        const abs = path.join(dirAbs, entry.name);
        if (entry.isDirectory()) {
          if (!NEVER_WALKED.has(entry.name)) visit(abs, rel);
        } else if (entry.isFile()) {
          out.push(rel);
        } else if (entry.isSymbolicLink()) {
          // A link is listed only when it stays inside the root and points at a regular file; linked directories are
          // not walked (no cycles, no escapes).
          try {
            const target = realpathSync(abs);
            if (isInside(root, target) && statSync(target).isFile()) out.push(rel);
          } catch {
            // broken link: not a file
          }
        }
      }
    };
    visit(root, '');
    return out.sort();
  }

  /** Files matching a glob (picomatch semantics, dotfiles only when named), sorted. */
  async glob(pattern: string): Promise<string[]> {
    const norm = pattern.replaceAll('\\', '/').replace(/^\.\//, '');
    // The listing is fixed for the run, so is each pattern's match list; many checks share a glob.
    let hit = this.globs.get(norm);
    if (!hit) {
      hit = this.listFiles().then((all) => {
        const isMatch = picomatch(norm, { dot: false });
        return all.filter((f) => isMatch(f));
      });
      this.globs.set(norm, hit);
    }
    return [...(await hit)];
  }

  /**
   * A path-or-glob param: a glob expands to its matches (none → fail: absence of files proves nothing); a plain
   * path must name a regular file inside the root.
   */
  async expand(pathOrGlob: string): Promise<Read<string[]>> {
    if (isGlob(pathOrGlob)) {
      const posix = pathOrGlob.replaceAll('\\', '/');
      if (posix.startsWith('/') || /^[A-Za-z]:/.test(posix) || posix.split('/').includes('..')) {
        return failed('escape', `${pathOrGlob}: path escapes project root`);
      }
      const files = await this.glob(pathOrGlob);
      if (files.length === 0) return failed('missing', `glob ${pathOrGlob} matches no file`);
      return { ok: true, value: files };
    }
    const file = await this.regularFile(pathOrGlob);
    if (!file.ok) return file;
    const norm = this.normalize(pathOrGlob);
    return norm.ok ? { ok: true, value: [norm.value] } : norm;
  }

  /** Releases parse results that hold native or WASM memory (tree-sitter trees). */
  async dispose(): Promise<void> {
    for (const memo of this.memos.values()) {
      const read = await memo;
      if (read.ok && read.value && typeof (read.value as Disposable).delete === 'function') {
        (read.value as Disposable).delete();
      }
    }
    this.memos.clear();
    this.texts.clear();
  }
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** Root-relative POSIX form of a user path, or why it is not allowed (ProjectFiles.normalize caches this). */
function normalizePath(userPath: string): Read<string> {
  if (userPath.length === 0) return failed('missing', 'empty path');
  if (userPath.includes('\u0000')) return failed('escape', `${JSON.stringify(userPath)}: path escapes project root`);
  const posix = userPath.replaceAll('\\', '/');
  // `/x`, `//server/share` (UNC) and `C:/x` are absolute; `C:x` (drive-relative on Windows) is refused too.
  if (posix.startsWith('/') || /^[A-Za-z]:/.test(posix)) {
    return failed('escape', `${userPath}: path escapes project root`);
  }
  const normal = path.posix.normalize(posix);
  if (normal === '..' || normal.startsWith('../')) return failed('escape', `${userPath}: path escapes project root`);
  return { ok: true, value: normal === '.' ? '' : normal.replace(/\/$/, '') };
}
