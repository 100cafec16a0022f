// Writes schemas/nnspec.schema.json (the spec format) and schemas/nnspec.editor.schema.json (what VS Code's JSON
// support gets) from src/engine/spec/schema.ts, the TypeScript source of truth.
// Usage: npm run gen-schema            (write the files)
//        npm run gen-schema -- --check (exit 1 if a committed file differs)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { editorSchemaJsonText, schemaJsonText } from '../src/engine/spec/schema.ts';

const folder = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
const files = { 'nnspec.schema.json': schemaJsonText(), 'nnspec.editor.schema.json': editorSchemaJsonText() };

let stale = 0;
for (const [name, text] of Object.entries(files)) {
  const target = resolve(folder, name);
  if (process.argv.includes('--check')) {
    let current = '';
    try { current = readFileSync(target, 'utf8'); } catch { /* missing counts as different */ }
    if (current === text) console.log(`schemas/${name} is up to date`);
    else { console.error(`schemas/${name} is out of date: run npm run gen-schema`); stale++; }
  } else {
    mkdirSync(folder, { recursive: true });
    writeFileSync(target, text);
    console.log(`wrote ${target} (${text.length} characters)`);
  }
}
process.exit(stale > 0 ? 1 : 0);
