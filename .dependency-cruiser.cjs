// The architecture rules CI enforces (`npm run lint:deps`). See DESIGN.md, "Module boundaries":
// a module's index.ts is its only public surface, modules do not need each other in a cycle, and the
// platform knows no feature module.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-module-internals',
      comment: "Another module's files are private: import its index.ts (its public surface) instead.",
      severity: 'error',
      from: { path: '^server/src/modules/([^/]+)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^server/src/modules/[^/]+/.', pathNot: ['^server/src/modules/$1/', '^server/src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'app-uses-module-surfaces',
      comment: 'Start-up, the app and the commands reach modules through their index.ts only.',
      severity: 'error',
      from: { path: '^server/src/[^/]+\\.ts$' },
      to: { path: '^server/src/modules/[^/]+/.', pathNot: '^server/src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'no-module-cycles',
      comment: 'Modules must not need each other in a cycle (a needs b needs a): the start-up order could not exist.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^server/src/modules/[^/]+$' },
      to: { path: '^server/src/modules/[^/]+$', circular: true },
    },
    {
      name: 'no-file-cycles',
      comment: 'Files importing each other in a loop make load order fragile.',
      severity: 'error',
      from: { path: '^(server/src|packages)/', pathNot: '\\.test\\.ts$' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'platform-knows-no-module',
      comment: 'platform/ is shared infrastructure with no business rules: it must not import a feature module.',
      severity: 'error',
      from: { path: '^server/src/platform/' },
      to: { path: '^server/src/modules/' },
    },
    {
      name: 'catalog-stands-alone',
      comment: 'The shared vocabulary is imported by server, web and extension; it imports none of them.',
      severity: 'error',
      from: { path: '^packages/catalog/' },
      to: { path: '^(server|web|extension)/' },
    },
    {
      name: 'web-uses-the-api',
      comment: 'The web app talks to the server over HTTP; shared words come from @vintedbot/catalog.',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^server/' },
    },
    {
      name: 'extension-uses-the-api',
      comment: 'The browser extension talks to the server over HTTP only (its token, its routes), like the web app.',
      severity: 'error',
      from: { path: '^extension/' },
      to: { path: '^(server|web)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|(^|/)dist/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
