import type { K8sObject, ResourceOrigin } from '../../src/types.js';

const HASH = /-[2456789bcdfghkmt]{10}$/;

/**
 * Origins as Kustomize's build metadata gives them, for hand-made renders of an overlay whose
 * kustomization (`file`) sets one prefix and/or suffix: ConfigMaps and Secrets with a hash
 * are generated there; a name that does not carry the affixes was not renamed.
 */
export function originsFor(resources: K8sObject[], affix: { prefix?: string; suffix?: string }, file: string): ResourceOrigin[] {
  const prefix = affix.prefix ?? '';
  const suffix = affix.suffix ?? '';
  return resources.map((object) => {
    const generated = (object.kind === 'ConfigMap' || object.kind === 'Secret') && HASH.test(object.metadata.name);
    const name = generated ? object.metadata.name.replace(HASH, '') : object.metadata.name;
    const carries = object.kind !== 'Namespace' && name.length > prefix.length + suffix.length && name.startsWith(prefix) && name.endsWith(suffix);
    const sourceName = carries ? name.slice(prefix.length, name.length - suffix.length) : name;
    return {
      sourceName,
      affixes: carries && prefix + suffix !== '' ? [{ prefix, suffix, file }] : [],
      ...(generated ? { generator: { kind: `${object.kind}Generator`, file } } : { file: file.replace(/kustomization\.yaml$/, 'resources.yaml') }),
      transformedIn: [file],
      patchedIn: [],
    };
  });
}
