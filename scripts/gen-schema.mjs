// Writes schemas/nnspec.schema.json from src/engine/spec/schema.ts (the TypeScript source of truth).
// Usage: npm run gen-schema            (write the file)
//        npm run gen-schema -- --check (exit 1 if the committed file differs)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaJsonText } from '../src/engine/spec/schema.ts';

const target = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'schemas', 'nnspec.schema.json');
const text = schemaJsonText();

if (process.argv.includes('--check')) {
  let current = '';
  try { current = readFileSync(target, 'utf8'); } catch { /* missing counts as different */ }
  if (current !== text) {
    console.error('schemas/nnspec.schema.json is out of date: run npm run gen-schema');
    process.exit(1);
  }
  console.log('schemas/nnspec.schema.json is up to date');
} else {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`wrote ${target} (${text.length} characters)`);
}
