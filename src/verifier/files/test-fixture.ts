import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProjectFiles } from '../project-files.js';
import type { CheckContext } from '../types.js';

/** A temporary project tree for one test file; `write` accepts text or bytes, creating folders as needed. */
export class Project {
  readonly root: string;

  constructor() {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-files-'));
  }

  write(rel: string, content: string | Buffer): this {
    const abs = path.join(this.root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
    return this;
  }

  symlink(rel: string, target: string): this {
    const abs = path.join(this.root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.symlinkSync(target, abs);
    return this;
  }

  mkdir(rel: string): this {
    fs.mkdirSync(path.join(this.root, rel), { recursive: true });
    return this;
  }

  /** A fresh context (fresh caches) over the tree. */
  ctx(): CheckContext {
    return { files: ProjectFiles.at(this.root), allowExec: false, signal: new AbortController().signal };
  }

  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
