#!/usr/bin/env node
// Builds the browser files into dist-web/ (or --outdir DIR): the widget module under a content-hashed name,
// then the loader (which names that file) and the count script under fixed names. Usage: node scripts/build-web.mjs [--outdir DIR]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const i = process.argv.indexOf('--outdir');
const outdir = resolve(i > 0 ? process.argv[i + 1] : join(root, 'dist-web'));
rmSync(outdir, { recursive: true, force: true });
mkdirSync(join(outdir, 'widget'), { recursive: true });

const common = { bundle: true, minify: true, target: ['es2020', 'chrome90', 'firefox90', 'safari15'], legalComments: 'none', logLevel: 'warning' };

const widget = await build({
  ...common,
  entryPoints: { widget: join(root, 'web/widget/src/main.tsx') },
  outdir: join(outdir, 'widget'),
  entryNames: '[name]-[hash]',
  format: 'esm',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  loader: { '.css': 'text' },
  metafile: true,
  sourcemap: 'linked',
});
const widgetFile = Object.keys(widget.metafile.outputs).map((f) => basename(f)).find((f) => f.endsWith('.js'));
if (!widgetFile) throw new Error('the widget build produced no .js file');

for (const [name, entry] of [['embed', 'web/loader/embed.ts'], ['count', 'web/count/count.ts']]) {
  await build({
    ...common,
    entryPoints: [join(root, entry)],
    outfile: join(outdir, `${name}.js`),
    format: 'iife',
    define: { __WIDGET_FILE__: JSON.stringify(widgetFile) },
  });
}
// The moderators' workspace (/admin): one module and one stylesheet under fixed names, served without caching.
await build({
  ...common,
  entryPoints: { admin: join(root, 'web/admin/src/main.tsx') },
  outdir: join(outdir, 'admin'),
  format: 'esm',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: 'linked',
});
await build({ ...common, entryPoints: { admin: join(root, 'web/admin/styles/admin.css') }, outdir: join(outdir, 'admin') });
writeFileSync(join(outdir, 'manifest.json'), JSON.stringify({ widget: `widget/${widgetFile}`, loader: 'embed.js', count: 'count.js' }, null, 2) + '\n');
console.log(`built ${outdir}: embed.js, count.js, widget/${widgetFile}, admin/admin.js, admin/admin.css`);
