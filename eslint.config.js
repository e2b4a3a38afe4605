// Type-aware lint: the rules that catch real bugs (floating promises, misused promises) on top of the recommended set.
import tseslint from 'typescript-eslint';

/**
 * DESIGN.md §1: the libraries a library may import (its public face, `#lib`), upstream of it. Course, contest and
 * live-contest stand side by side and never import each other; certificate and reporting listen to events instead of
 * importing the modules that emit them.
 */
const UPSTREAM = {
  contracts: [],
  core: ['contracts'],
  identity: ['contracts', 'core'],
  'question-bank': ['contracts', 'core', 'identity'],
  'quiz-engine': ['contracts', 'core', 'identity', 'question-bank'],
  course: ['contracts', 'core', 'identity', 'question-bank', 'quiz-engine'],
  contest: ['contracts', 'core', 'identity', 'question-bank', 'quiz-engine'],
  'live-contest': ['contracts', 'core', 'identity', 'question-bank', 'quiz-engine'],
  certificate: ['contracts', 'core', 'identity'],
  reporting: ['contracts', 'core', 'identity'],
};
const LIBS = Object.keys(UPSTREAM);
// Library names are letters and hyphens, literal in a regular expression.
const anyOf = (names) => names.join('|');

const WEB_APP_IMPORTS = 'A web app imports `#contracts` and `#api-schema` only.';
const PRIVATE_FILES = "Another library's files are private: import its public face (`#lib`) instead.";
/** A library is entered through `#lib` only: no `#lib/…` subpath and no relative path into another library's files. */
const NO_SUBPATH = {
  regex: '^#[^/]+/',
  message: 'Import a library through its public face (`#lib`, its index.ts), not a path inside it.',
};
const publicFaceOnly = (others) => [
  NO_SUBPATH,
  { regex: `^(\\.\\./)+(libs/)?(${anyOf(others)})(/|$)`, message: PRIVATE_FILES },
];

const libraryBoundaries = LIBS.map((lib) => {
  const others = LIBS.filter((other) => other !== lib);
  const downstream = others.filter((other) => !UPSTREAM[lib].includes(other));
  return {
    files: [`libs/${lib}/src/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: downstream.map((name) => ({
            name: `#${name}`,
            message: `${lib} may import ${UPSTREAM[lib].join(', ') || 'no other library'} only (DESIGN.md §1: dependencies point one way).`,
          })),
          patterns: publicFaceOnly(others),
        },
      ],
    },
  };
});

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      'coverage/**',
      'libs/contracts/src/api/**',
      'bench/out/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    // Each file is checked against its nearest tsconfig.json: the web apps have their own (DOM, JSX, bundler resolution).
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  ...libraryBoundaries,
  {
    // A library's public face is its module, ports and types: its entities and repositories stay inside (the app
    // registers entities through each library's *_ENTITIES list; other modules read tables through *-sql.ts fragments).
    files: ['libs/*/src/index.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportAllDeclaration[source.value=/\\.(entity|repository)\\.js$/]',
          message: "Do not publish a library's entities or repositories: export a port, a type or a *-sql.ts fragment.",
        },
        {
          // Classes (PascalCase values); types, functions and constants of such a file may be published.
          selector:
            'ExportNamedDeclaration[exportKind="value"][source.value=/\\.(entity|repository)\\.js$/] > ExportSpecifier[exportKind="value"][local.name=/^[A-Z][a-z]/]',
          message: "Do not publish a library's entities or repositories: export a port, a type or a *-sql.ts fragment.",
        },
      ],
    },
  },
  {
    // The app wires the libraries together through their public faces; tests may reach inside.
    files: ['apps/api/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NO_SUBPATH, { regex: '(^|/)libs/', message: PRIVATE_FILES }] }],
    },
  },
  {
    // The web apps reach the server through the generated client and share only the contracts' plain types.
    files: ['apps/admin/src/**/*.{ts,tsx}', 'apps/portal/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^#(?!(contracts|api-schema)$)', message: WEB_APP_IMPORTS },
            { regex: '(^|/)libs/', message: WEB_APP_IMPORTS },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**', 'bench/**', 'test/**', '**/*.mjs', 'apps/api/src/seed.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Build configs sit outside the apps' tsconfig projects: checked without type information.
    files: ['**/*.mjs', '**/*.cjs', '**/*.js', 'apps/*/vite.config.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
);
