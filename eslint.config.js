// Lint, including the architecture's import rules: folders are layers, and a lower layer
// never reaches up (see docs/architecture.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const NODE_BUILTINS = [
  'fs',
  'path',
  'os',
  'child_process',
  'http',
  'https',
  'net',
  'crypto',
  'worker_threads',
  'url',
  'process',
  'stream',
  'zlib',
  'util',
];
const noNode = NODE_BUILTINS.flatMap((m) => [m, `${m}/*`]);

const layer = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', '.tsbuild/', '.cache/', 'docs/screenshots/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Tests mutate raw JSON to make bad inputs.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser }, globals: { ...globals.browser } },
  },
  {
    // The engine never imports the shells or UI libraries.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            layer(
              ['**/main/**', '**/renderer/**', '../main', '../renderer'],
              'core/ must not import main/ or renderer/: the engine stays free of the shells.',
            ),
            layer(['electron', 'svelte', 'svelte/*', 'konva', 'konva/*'], 'core/ must not import Electron or UI libraries.'),
          ],
        },
      ],
    },
  },
  {
    // Pure engine modules load in Node, a worker and the renderer: no Node built-ins, no DOM.
    files: ['core/{model,devices,math,netlist,spice,solver,vmm,api,layout-export,ppa}/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            layer(['**/main/**', '**/renderer/**'], 'core/ must not import main/ or renderer/.'),
            layer(['electron', 'svelte', 'konva'], 'core/ must not import Electron or UI libraries.'),
            layer(
              ['node:*', ...noNode],
              'pure core modules must not use Node built-ins; put machine access in core/files, core/cli, core/nn, core/jobs or core/serve.',
            ),
            layer(
              ['**/files/**', '**/cli/**', '**/serve/**', '**/jobs/**', '**/nn/**'],
              'pure core modules must not import the Node-side modules.',
            ),
          ],
        },
      ],
    },
  },
  {
    // The UI reaches the engine only through the typed Api and the pure model types.
    files: ['renderer/**/*.{ts,svelte}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)core/(?!api/|model/)',
              message: 'renderer/ reaches core only through core/api and core/model.',
            },
            layer(['**/main/**', 'electron', 'node:*', ...noNode], 'renderer/ runs sandboxed: no Node, no Electron, no main/.'),
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [layer(['**/renderer/**'], 'main/ must not import renderer/.')] }],
    },
  },
);
