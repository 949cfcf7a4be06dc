/**
 * parity's layers, bottom to top (docs/ARCHITECTURE.md, "Layers", says what each folder owns).
 * A module may import its own folder and any lower layer. An import of a higher layer fails
 * `npm run lint`, and so does one between two folders of the same layer (peers stay
 * independent, so folders never form a cycle) and a cycle of modules.
 */
const LAYERS = [
  ['finding-args.ts'],
  ['types.ts', 'version.ts', 'cleanup.ts'],
  ['reason-args.ts'],
  // Above the reason codes: a PromoteError carries its refusal's code and arguments.
  ['errors.ts'],
  ['util', 'io', 'images'],
  ['secrets'],
  ['yaml'],
  ['discover', 'git'],
  ['chain'],
  ['helm', 'kustomize'],
  ['render'],
  ['cache'],
  ['normalize'],
  ['match'],
  ['diff'],
  ['rules'],
  ['policy'],
  ['report'],
  ['bump'],
  ['source', 'argocd', 'live', 'incremental', 'baseline'],
  ['shard'],
  ['pipeline'],
  ['audit', 'merge', 'drift'],
  ['gate'],
  ['promote'],
  ['rollback'],
  ['completion'],
  ['commands'],
  ['cli.ts', 'index.ts'],
];

/** Upward imports allowed for now, each with the change that removes it (none today). */
const EXCEPTIONS = [];

/** `src/<folder>/…`, or the file `src/<name>.ts` itself. */
const pathOf = (name) => (name.endsWith('.ts') ? `^src/${name.replace('.', '[.]')}$` : `^src/${name}/`);

const above = (index) => LAYERS.slice(index + 1).flat().map(pathOf);

const upward = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `upward-from-${layer[0].replace('.ts', '')}`,
  comment: `${layer.join(', ')} may import only ${LAYERS.slice(0, index + 1).flat().join(', ')}`,
  severity: 'error',
  from: { path: layer.map(pathOf), pathNot: EXCEPTIONS.map((exception) => exception.from) },
  to: { path: above(index) },
}));

const peers = LAYERS.flatMap((layer) =>
  layer.map((name) => ({
    name: `peer-from-${name.replace('.ts', '')}`,
    comment: `${name} does not import the other folders of its layer (${layer.join(', ')})`,
    severity: 'error',
    from: { path: pathOf(name) },
    to: { path: layer.filter((other) => other !== name).map(pathOf) },
  })),
).filter((rule) => rule.to.path.length > 0);

const excepted = EXCEPTIONS.map((exception) => {
  const index = LAYERS.findIndex((layer) => layer.includes(exception.layer));
  return {
    name: 'upward-beyond-exception',
    comment: `${exception.from} may import upward only ${exception.to}`,
    severity: 'error',
    from: { path: exception.from },
    to: { path: above(index), pathNot: exception.to },
  };
});

/** A folder of src/ that no layer lists would be bound by nothing: name it in LAYERS. */
const unlisted = {
  name: 'folder-not-in-a-layer',
  comment: 'every folder of src/ and every file directly in it belongs to a layer of LAYERS',
  severity: 'error',
  from: { path: '^src/', pathNot: LAYERS.flat().map(pathOf) },
  to: {},
};

module.exports = {
  forbidden: [
    unlisted,
    ...upward,
    ...peers,
    ...excepted,
    {
      name: 'no-circular',
      comment: 'Modules do not import each other in a circle (type-only imports, erased when compiled, aside).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    // NodeNext: `./x.js` specifiers resolve to `./x.ts` through the project's tsconfig.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js'],
    },
  },
};
