#!/usr/bin/env node
// Fails when src/db/schema and the committed migrations disagree: drizzle-kit generates into a scratch copy of
// migrations/, and any new file there means a schema change without its migration.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

// drizzle-kit only accepts an --out relative to the project, so the scratch copy lives here (gitignored).
const scratch = path.relative(process.cwd(), mkdtempSync(path.join(process.cwd(), '.migrations-check-')));
try {
  cpSync('migrations', scratch, { recursive: true });
  const before = new Set(readdirSync(scratch));
  execFileSync(
    'npx',
    [
      'drizzle-kit',
      'generate',
      '--dialect',
      'postgresql',
      '--schema',
      './src/db/schema/index.ts',
      '--out',
      scratch,
      '--name',
      'drift',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (!readdirSync(scratch).includes('meta')) throw new Error('drizzle-kit produced no snapshot');
  const added = readdirSync(scratch).filter((f) => !before.has(f));
  if (added.length > 0) {
    console.error(
      `migration drift: the schema differs from migrations/ (run "npm run db:generate" and commit): ${added.join(', ')}`,
    );
    process.exitCode = 1;
  } else console.log('migrations match the schema');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
