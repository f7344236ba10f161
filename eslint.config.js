// Lint policy. Besides ordinary TypeScript hygiene it enforces the architecture (STYLE.md, SPEC §1):
// one-way package layering, one owning module per native/I/O library, no process.env / process.exit /
// console inside packages, and no import cycles. tooling/lint-policy.test.ts proves each rule bites.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { LAYERS, OWNERS, WORKSPACES } from './tooling/architecture.js';

const TS = ['**/*.ts', '**/*.tsx'];
const TESTS = ['**/*.test.ts', '**/test/**/*.ts', 'packages/testkit/**'];

const internal = (name) => `@proofsheet/${name}`;
const RELATIVE_INTO_OTHERS = [
  { group: ['**/apps/**', '../../*/src/**', '../../../*/src/**'], message: 'Import other workspaces by package name, never by relative path into their sources.' },
];

/** Per workspace: may not import workspaces outside its layer list, nor any app. */
const layering = Object.entries(LAYERS).map(([workspace, allowed]) => {
  const forbidden = WORKSPACES.filter((w) => w !== workspace && !allowed.includes(w));
  const dir = workspace === 'orchestrator' || workspace === 'review' ? `apps/${workspace}` : `packages/${workspace}`;
  return {
    files: [`${dir}/**/*.ts`],
    ignores: workspace === 'testkit' ? [] : TESTS.filter((t) => t !== 'packages/testkit/**'),
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: forbidden.map((w) => ({ name: internal(w), message: `${dir} may import only: ${allowed.join(', ') || 'nothing internal'} (see SPEC §1).` })),
          // testkit is test-only and may use any library directly (SPEC §1); product code goes through the owners.
          patterns: [...RELATIVE_INTO_OTHERS, ...(workspace === 'testkit' ? [] : ownerPatterns())],
        },
      ],
    },
  };
});

function ownerPatterns() {
  return Object.entries(OWNERS).map(([library]) => ({
    // Anchored, so a relative path such as './ollama/x.js' is not mistaken for the package.
    regex: `^${library.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/.*)?$`,
    allowTypeImports: true,
    message: `${library} has exactly one owning module (${OWNERS[library]}); call that module instead.`,
  }));
}

/** The owning module of each library: same rule with that library removed from the list. */
const owners = Object.entries(OWNERS).map(([library, file]) => {
  const workspace = file.split('/')[1];
  const dir = workspace === 'orchestrator' || workspace === 'review' ? `apps/${workspace}` : `packages/${workspace}`;
  const allowed = LAYERS[workspace];
  const forbidden = WORKSPACES.filter((w) => w !== workspace && !allowed.includes(w));
  return {
    files: [file],
    ignores: TESTS,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: forbidden.map((w) => ({ name: internal(w), message: `${dir} may import only: ${allowed.join(', ') || 'nothing internal'} (see SPEC §1).` })),
          patterns: [...RELATIVE_INTO_OTHERS, ...ownerPatterns().filter((p) => !p.message.startsWith(`${library} `))],
        },
      ],
    },
  };
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.turbo/**', 'coverage/**', 'data/**', 'logs/**', '.demo/**', 'tooling/lint-fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    files: TS,
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['packages/*/tsconfig.json', 'apps/*/tsconfig.json'], noWarnOnMultipleProjects: true })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...layering,
  ...owners,
  {
    // The browser client: it talks to the server over HTTP only, and shares its types (type-only).
    files: ['apps/review/client/src/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^@proofsheet/(?!review/api-types$)', message: 'The client imports only the API types (@proofsheet/review/api-types).' },
            { regex: '^@proofsheet/review/api-types$', allowTypeImports: true, message: 'Import the API types with `import type`: no server code in the bundle.' },
            { regex: '^node:', message: 'The client runs in the browser.' },
            { regex: '^(\\.\\./)+src/', message: 'Import the server only through @proofsheet/review/api-types.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'User text reaches the DOM only as text.' },
        { selector: "MemberExpression[property.name='innerHTML']", message: 'User text reaches the DOM only as text.' },
        { selector: "CallExpression[callee.name='fetch']", message: 'Call the API through src/lib/api-client.ts.' },
      ],
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/testkit/**'],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only apps/orchestrator/src/config reads the environment; take typed options instead.' },
        { object: 'process', property: 'exit', message: 'Only the CLI boundary sets exit codes; throw a ProofsheetError instead.' },
      ],
    },
  },
  {
    files: ['apps/orchestrator/src/**/*.ts'],
    ignores: ['apps/orchestrator/src/config/**', 'apps/orchestrator/src/main.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only apps/orchestrator/src/config reads the environment.' },
        { object: 'process', property: 'exit', message: 'Only src/main.ts (the process boundary) exits.' },
      ],
    },
  },
);
