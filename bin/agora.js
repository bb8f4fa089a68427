#!/usr/bin/env node
// The installed entry point: runs the compiled CLI (built by `npm ci` through the prepare script).
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

const compiled = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(compiled)) {
  console.error('agora: dist/ is missing; run `npm run build` first (npm ci does it for you).');
  process.exit(1);
}
await import(compiled);
