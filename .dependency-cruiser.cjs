/**
 * The import rules of docs/ARCHITECTURE.md, enforced in CI:
 *   core <- app <- (store, jobs, notify, importers, http, cli, mail) <- main
 * core is pure: it imports only core and a short list of pure libraries, never Node built-ins.
 */
const adapters = '^src/(store|jobs|notify|importers|http|cli|mail)/';
const pureLibraries = ['zod', 'temporal-polyfill', 'date-holidays', 'yaml', '@noble/hashes'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core imports only src/core and pure libraries: no I/O, no HTTP, no database, no Node built-ins.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: {
        pathNot: ['^src/core/', ...pureLibraries.map((name) => `(^|/)node_modules/${name.replace('/', '\\/')}/`)],
      },
    },
    {
      name: 'core-no-node-builtins',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'app-depends-on-core-only',
      comment: 'use-cases talk to the outside world through ports they define, never through adapters.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: ['^src/(store|jobs|notify|importers|http|cli|mail|config|main)/'] },
    },
    {
      name: 'adapters-do-not-reach-main-or-config',
      comment: 'adapters receive configuration from main; only main composes them.',
      severity: 'error',
      from: { path: adapters },
      to: { path: '^src/(main|config)/' },
    },
    {
      name: 'nothing-imports-main',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/main/' },
      to: { path: '^src/main/' },
    },
    {
      name: 'config-is-a-leaf',
      comment: 'config parses the environment and nothing else.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/(app|store|jobs|notify|importers|http|cli|mail|main)/' },
    },
    {
      name: 'src-never-imports-tests-bench-or-web',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|web)/' },
    },
    {
      name: 'reports-renderers-are-adapters',
      comment:
        'src/reports renders reports (PDF with pdfmake, CSV) for http, cli, jobs and main: like the other adapters it ' +
        'builds on app and core and never reaches main or config (decision 0014).',
      severity: 'error',
      from: { path: '^src/reports/' },
      to: { path: '^src/(main|config|http|cli|jobs|store|notify|importers|mail)/' },
    },
    {
      name: 'app-and-core-do-not-render-reports',
      severity: 'error',
      from: { path: '^src/(app|core|config)/' },
      to: { path: '^src/reports/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
