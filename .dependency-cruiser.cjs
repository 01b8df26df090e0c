/**
 * The direction of the house, checked by `npm test` (test/architecture.test.ts) with
 * dependency-cruiser. Layers, bottom up: a module may import its own layer and the ones below,
 * never one above. `src/` never reaches `adapters/` or `bin/`; only `adapters/` import a platform
 * SDK; the engine's pure core (`step` and everything it imports) touches no I/O.
 */
const LAYERS = [
  ['src/text/', 'src/errors.ts', 'src/error-codes.ts', 'src/config.ts', 'src/log.ts'],
  ['src/messages/'],
  ['src/i18n/'],
  ['src/files/'],
  ['src/store/'],
  ['src/domain/'],
  ['src/knowledge/'],
  ['src/engine/'],
  ['src/channels/'],
  ['src/jobs/'],
  ['src/server/', 'src/console/'],
  ['src/core.ts'],
  ['adapters/'],
  ['bin/'],
];

const esc = (p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const pathsOf = (layers) => `^(${layers.flat().map(esc).join('|')})`;

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${i}-points-down`,
  comment: `${layer.join(', ')} may not import a higher layer`,
  severity: 'error',
  from: { path: pathsOf([layer]) },
  to: { path: pathsOf(LAYERS.slice(i + 1)) },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'no import cycle anywhere', severity: 'error', from: {}, to: { circular: true } },
    ...layerRules,
    {
      name: 'platform-sdks-only-in-adapters',
      comment: 'whatsapp-web.js, telegraf and botbuilder are imported only under adapters/',
      severity: 'error',
      from: { pathNot: '^(adapters/|test/)' },
      to: { path: 'node_modules/(whatsapp-web\\.js|telegraf|botbuilder[^/]*|botframework-[^/]*)/' },
    },
    {
      name: 'botbuilder-only-in-webchat',
      comment: 'botbuilder (archived upstream) stays inside adapters/webchat/',
      severity: 'error',
      from: { path: '^adapters/', pathNot: '^adapters/webchat/' },
      to: { path: 'node_modules/botbuilder' },
    },
    {
      name: 'engine-core-is-pure',
      comment: 'step() and what it imports do no I/O: no Redis, files, HTTP, jobs or logging',
      severity: 'error',
      from: { path: '^src/engine/step\\.ts$' },
      to: {
        reachable: true,
        path: '^(src/store/|src/jobs/|src/server/|src/log\\.ts|src/engine/runner\\.ts|src/engine/loader\\.ts|src/knowledge/index\\.ts|node_modules/(redis|@redis|bullmq|fastify|pino|yaml)/)|^(fs|node:fs|net|node:net|http|node:http|child_process|node:child_process)$',
      },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^public/' },
  },
};
