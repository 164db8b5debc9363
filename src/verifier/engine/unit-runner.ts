import { ProjectFiles } from '../project-files.js';
import type { RunningCheck } from './protocol.js';
import { type AssertionInput, type AssertionResult, type CheckerLookup, runCheck } from './run-check.js';

/** What one unit cost: totals plus per-file counts, so a run can prove no file was read or parsed twice. */
export interface UnitStats {
  reads: number;
  parses: number;
  /** Text reads per root-relative file. */
  readsByFile: Record<string, number>;
  /** Parses per `kind<TAB>file` (ProjectFiles.memo's unit of caching). */
  parsesByKey: Record<string, number>;
}

export interface RunnerSettings {
  projectRoot: string;
  allowExec: boolean;
  perCheckTimeoutMs: number;
  checkerFor: CheckerLookup;
}

const DISPOSE_WAIT_MS = 5_000;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/**
 * Runs units one after another on one ProjectFiles (the directory listing and path resolutions survive across
 * units; texts and parse trees are released after each unit, which frees tree-sitter memory). Used in-thread by the
 * single-thread mode and inside each worker thread.
 */
export class UnitRunner {
  private readonly files: ProjectFiles;
  private current: UnitStats = emptyStats();
  private readonly requested = new Set<string>();

  constructor(private readonly settings: RunnerSettings) {
    this.files = ProjectFiles.at(settings.projectRoot);
    this.instrument();
  }

  /** Counts reads and parses per file by wrapping the instance's cached entry points (no change to ProjectFiles). */
  private instrument(): void {
    const files = this.files;
    const readText = files.readText.bind(files);
    files.readText = async (userPath) => {
      const norm = files.normalize(userPath);
      const first = norm.ok && !this.requested.has(norm.value);
      if (norm.ok) this.requested.add(norm.value);
      const read = await readText(userPath);
      // The first request of a file in a unit is the one that reads it (a binary file is read, then refused).
      if (first && norm.ok && (read.ok || read.failure.kind === 'binary')) bump(this.current.readsByFile, norm.value);
      return read;
    };
    const memo = files.memo.bind(files);
    files.memo = (userPath, kind, parse) =>
      memo(userPath, kind, (text, rel) => {
        bump(this.current.parsesByKey, `${kind}\t${rel}`);
        return parse(text, rel);
      });
  }

  /**
   * Runs a unit's assertions in order; `onResult` sees each result as soon as it exists. `running` (in a worker)
   * records which check is under way, for the pool's watchdog.
   */
  async runUnit(
    items: { index: number; item: AssertionInput }[],
    onResult: (index: number, result: AssertionResult) => void,
    running?: RunningCheck,
  ): Promise<UnitStats> {
    const startReads = this.files.stats.reads;
    const startParses = this.files.stats.parses;
    this.current = emptyStats();
    try {
      for (const { index, item } of items) {
        running?.started(index);
        const result = await runCheck(item, {
          files: this.files,
          allowExec: this.settings.allowExec,
          perCheckTimeoutMs: this.settings.perCheckTimeoutMs,
          checkerFor: this.settings.checkerFor,
        });
        running?.finished();
        onResult(index, result);
      }
    } finally {
      // A check abandoned at its time limit may hold a parse that never settles; do not wait for it forever.
      await Promise.race([this.files.dispose().catch(() => undefined), delay(DISPOSE_WAIT_MS)]);
      this.requested.clear();
    }
    const stats = this.current;
    stats.reads = this.files.stats.reads - startReads;
    stats.parses = this.files.stats.parses - startParses;
    return stats;
  }
}

export function emptyStats(): UnitStats {
  return { reads: 0, parses: 0, readsByFile: {}, parsesByKey: {} };
}
