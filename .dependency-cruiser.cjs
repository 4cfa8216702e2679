// The rules of the layers (docs/architecture.md, "Rules of the layers" in the design notes), checked
// by `npm run check` over src/ and adapters/. Type-only imports count: a layer that needs another's
// types depends on it all the same. tests/architecture/layers.test.ts proves each kind of rule can fail.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment:
        'Imports point one way: a cycle means two files are one piece, or a noun needs a home in model/.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'model-imports-nothing',
      comment: 'model/ holds the shared nouns every layer imports; it imports nothing itself.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { pathNot: '^src/model/' },
    },
    {
      name: 'rules-import-only-model',
      comment: 'rules/ are pure functions of a watchlist and its history.',
      severity: 'error',
      from: { path: '^src/rules/' },
      to: { pathNot: '^src/(model|rules)/' },
    },
    {
      name: 'sources-not-store-or-pipeline',
      comment: 'sources/ only fetch and parse; what is stored, and when, is the pipeline’s business.',
      severity: 'error',
      from: { path: '^src/sources/' },
      to: { path: '^src/(store|pipeline)/' },
    },
    {
      name: 'store-not-upper-layers',
      comment: 'store/ implements the ports others declare; it never reaches up.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^(src/(pipeline|commands|render)/|adapters/)' },
    },
    {
      name: 'render-not-commands-or-store',
      comment: 'render/ takes data and returns text or images.',
      severity: 'error',
      from: { path: '^src/render/' },
      to: { path: '^src/(commands|store)/' },
    },
    {
      name: 'commands-not-pipeline',
      severity: 'error',
      from: { path: '^src/commands/' },
      to: { path: '^src/pipeline/' },
    },
    {
      name: 'core-not-chat-platforms',
      comment: 'pipeline/, commands/ and render/ speak the ChatAdapter contract, never Slack or Discord.',
      severity: 'error',
      from: { path: '^src/(pipeline|commands|render)/' },
      to: { path: '^adapters/(slack|discord)/' },
    },
    {
      name: 'slack-not-discord',
      severity: 'error',
      from: { path: '^adapters/slack/' },
      to: { path: '^adapters/discord/' },
    },
    {
      name: 'discord-not-slack',
      severity: 'error',
      from: { path: '^adapters/discord/' },
      to: { path: '^adapters/slack/' },
    },
    {
      name: 'sqlite-driver-only-in-store-sqlite',
      comment: 'One seam to the database: only src/store/sqlite/ may load better-sqlite3.',
      severity: 'error',
      from: { pathNot: '^src/store/sqlite/' },
      to: { path: '(^|/)node_modules/(@types/)?better-sqlite3/' },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports are dependencies too (the layer rules and cycles include them).
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    moduleSystems: ['es6'],
  },
};
