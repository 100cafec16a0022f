// ESLint flat config: typescript-eslint's recommended rules over src/, media/, test/ and scripts/, plus the import
// boundaries between the parts of the extension (webviews, extension host, CLI).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** A relative import that climbs into `dir` (e.g. '../../cli/format' for dir 'cli'). */
const climbsInto = (dir) => `^(\\.\\./)+${dir}(/|$)`;

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', '.vscode-test/', 'test-results/', '.backprop-lens/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['media/**/*.ts', 'test/unit/webview/**/*.ts', 'test/e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The webviews speak to the host through src/protocol.ts only; of the rest of src/ only the pure engine is bundled into them.
    files: ['media/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: `${climbsInto('src')}(?!protocol$|engine/)`, message: 'media/ takes its message types from src/protocol.ts only (and pure helpers from src/engine/).' }],
      }],
    },
  },
  {
    // The extension and the CLI are two front ends over the engine: what both need lives in src/engine/.
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: climbsInto('cli'), message: 'The extension does not import the CLI: move what both need into src/engine/.' }],
      }],
    },
  },
  {
    // The web suite runs in the browser's web-worker extension host: no Node built-ins there (the bundle would not load).
    files: ['test/web/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^node:', message: 'test/web runs in a web worker: use vscode.workspace.fs and test/web/assert.ts.' }],
      }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: climbsInto('extension'), message: 'The CLI does not import the extension: move what both need into src/engine/.' }],
      }],
    },
  },
);
