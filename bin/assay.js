#!/usr/bin/env node
// The `assay` command. The TypeScript sources are compiled to dist/ by `npm install` (prepare) and `npm run build`.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
