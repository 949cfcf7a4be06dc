import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { PromoteError } from '../../src/errors.js';
import { removeImageEntry, setImageTag } from '../../src/bump/set-image-tag.js';

const COMMENTED = [
  '# production overlay — edited by people, by CI and by parity',
  'apiVersion: kustomize.config.k8s.io/v1beta1   # trailing comment',
  'kind:   Kustomization',
  '',
  'resources:',
  '    - ../../base        # the shared base',
  '',
  'images:',
  '    # the application image',
  '    -   name: ghcr.io/shop/checkout   # same-line comment',
  '        newName: "ghcr.io/shop/checkout"',
  "        newTag: '1.4.2-3f9c2ab'    # bumped by promote",
  '',
  '    - {name: busybox, newTag: "1.36"}   # flow entry',
  '    # sidecar',
  '    - name:   envoy',
  '      newTag:   v1.30.1',
  '',
  '# end of file',
  '',
].join('\n');

function changedLines(before: string, after: string): Array<[string, string]> {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b).toHaveLength(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]!] as [string, string]]));
}

describe('setImageTag', () => {
  it('changes only the newTag scalar of a block entry, keeping its quotes and comment', () => {
    const after = setImageTag(COMMENTED, 'k.yaml', 'ghcr.io/shop/checkout', { newTag: '1.5.0-9ab12cd' });
    expect(changedLines(COMMENTED, after)).toEqual([
      ["        newTag: '1.4.2-3f9c2ab'    # bumped by promote", "        newTag: '1.5.0-9ab12cd'    # bumped by promote"],
    ]);
  });

  it('edits a flow-style entry in place, double quotes kept', () => {
    const after = setImageTag(COMMENTED, 'k.yaml', 'busybox', { newTag: '1.37' });
    expect(changedLines(COMMENTED, after)).toEqual([
      ['    - {name: busybox, newTag: "1.36"}   # flow entry', '    - {name: busybox, newTag: "1.37"}   # flow entry'],
    ]);
  });

  it('edits a plain scalar with odd spacing', () => {
    const after = setImageTag(COMMENTED, 'k.yaml', 'envoy', { newTag: 'v1.31.0' });
    expect(changedLines(COMMENTED, after)).toEqual([['      newTag:   v1.30.1', '      newTag:   v1.31.0']]);
  });

  it('quotes a plain tag that YAML would read as a number', () => {
    const after = setImageTag(COMMENTED, 'k.yaml', 'envoy', { newTag: '1234567' });
    expect(after).toContain('      newTag:   "1234567"\n');
    expect(parseDocument(after).toJS().images[2].newTag).toBe('1234567');
  });

  it('appends a missing entry to images:, in the list style of the file', () => {
    const after = setImageTag(COMMENTED, 'k.yaml', 'redis', { newTag: '7.2.4' });
    expect(after.startsWith(COMMENTED.slice(0, COMMENTED.indexOf('\n# end of file')))).toBe(true);
    expect(after).toContain('      newTag:   v1.30.1\n    -   name: redis\n        newTag: 7.2.4\n');
    expect(parseDocument(after).toJS().images).toHaveLength(4);
  });

  it('creates images: at the end when the kustomization has none, keeping its trailing newline', () => {
    const text = 'resources:\n  - ../../base\n# tail\n';
    expect(setImageTag(text, 'k.yaml', 'app', { newTag: 'abc1234' })).toBe(
      'resources:\n  - ../../base\n# tail\nimages:\n  - name: app\n    newTag: abc1234\n',
    );
    expect(setImageTag('resources: [x]', 'k.yaml', 'app', { newTag: 'abc1234' })).toBe(
      'resources: [x]\nimages:\n- name: app\n  newTag: abc1234\n',
    );
  });

  it('adds an entry the way kustomize edit set image <name>=<repo>:<tag> does: newName pinned, in name order', () => {
    const text = '# production\nresources:\n  - ../../base # shared\nnamespace: web-prod\n';
    const first = setImageTag(text, 'k.yaml', 'ghcr.io/acme/web', { newName: 'ghcr.io/acme/web', newTag: '1.1.0' });
    expect(first).toBe(`${text}images:\n  - name: ghcr.io/acme/web\n    newName: ghcr.io/acme/web\n    newTag: 1.1.0\n`);
    const second = setImageTag(first, 'k.yaml', 'ghcr.io/acme/sidecar', { newName: 'ghcr.io/acme/sidecar', newTag: '2.1.0' });
    expect(second).toBe(
      `${text}images:\n  - name: ghcr.io/acme/sidecar\n    newName: ghcr.io/acme/sidecar\n    newTag: 2.1.0\n  - name: ghcr.io/acme/web\n    newName: ghcr.io/acme/web\n    newTag: 1.1.0\n`,
    );
    const middle = setImageTag('images:\n- name: a # first\n  newTag: x\n# about c\n- name: c\n  newTag: z\n', 'k.yaml', 'b', { newTag: 'y1' });
    expect(middle).toBe('images:\n- name: a # first\n  newTag: x\n- name: b\n  newTag: y1\n# about c\n- name: c\n  newTag: z\n');
    expect(setImageTag(first, 'k.yaml', 'ghcr.io/acme/web', { newName: 'other/web', newTag: '1.2.0' })).not.toContain('other/web');
  });

  it('sets exactly the promoted reference: a stale digest goes, a tag becomes a digest in place', () => {
    const text = 'images:\n- name: app # pinned\n  newTag: v1\n  digest: sha256:aaa\n# tail\n';
    expect(setImageTag(text, 'k.yaml', 'app', { newTag: 'abc1234' })).toBe('images:\n- name: app # pinned\n  newTag: abc1234\n# tail\n');
    const digest = `sha256:${'b'.repeat(64)}`;
    expect(setImageTag('images:\n- name: app\n  newTag: v1 # note\n', 'k.yaml', 'app', { digest })).toBe(
      `images:\n- name: app\n  digest: ${digest} # note\n`,
    );
  });

  it('adds newTag to an entry that only renames', () => {
    const text = 'images:\n  - name: app\n    newName: registry.example/app  # mirror\nresources: [a.yaml]\n';
    expect(setImageTag(text, 'k.yaml', 'app', { newTag: 'abc1234' })).toBe(
      'images:\n  - name: app\n    newName: registry.example/app  # mirror\n    newTag: abc1234\nresources: [a.yaml]\n',
    );
  });

  it('appends to a flow list and fills an empty one', () => {
    expect(setImageTag('images: [{name: a, newTag: x}]  # c\n', 'k.yaml', 'b', { newTag: 'y1' })).toBe(
      'images: [{name: a, newTag: x}, {name: b, newTag: y1}]  # c\n',
    );
    expect(setImageTag('images: []\n', 'k.yaml', 'b', { newTag: 'y1' })).toBe('images: [{name: b, newTag: y1}]\n');
    expect(setImageTag('images:\nresources: [a]\n', 'k.yaml', 'b', { newTag: 'y1' })).toBe(
      'images:\n- name: b\n  newTag: y1\nresources: [a]\n',
    );
  });

  it('returns the text unchanged when the entry already holds the reference', () => {
    expect(setImageTag(COMMENTED, 'k.yaml', 'envoy', { newTag: 'v1.30.1' })).toBe(COMMENTED);
  });

  it('refuses what it cannot edit safely, naming the file', () => {
    expect(() => setImageTag('- a\n- b\n', 'k.yaml', 'app', { newTag: 'x' })).toThrow(PromoteError);
    expect(() => setImageTag('images: {a: b}\n', 'k.yaml', 'app', { newTag: 'x' })).toThrow(/k.yaml|images/);
    expect(() => setImageTag('images:\n- name: app\n  newTag: |\n    v1\n', 'k.yaml', 'app', { newTag: 'x' })).toThrow(/by hand/);
    expect(() => setImageTag('images: [\n', 'k.yaml', 'app', { newTag: 'x' })).toThrow(PromoteError);
  });
});

describe('setImageTag line ends', () => {
  it('keeps CRLF line ends, also for an added entry', () => {
    const text = 'images:\r\n- name: a\r\n  newTag: v1\r\n';
    expect(setImageTag(text, 'k.yaml', 'a', { newTag: 'v2' })).toBe('images:\r\n- name: a\r\n  newTag: v2\r\n');
    expect(setImageTag(text, 'k.yaml', 'b', { newTag: 'v2' })).toBe('images:\r\n- name: a\r\n  newTag: v1\r\n- name: b\r\n  newTag: v2\r\n');
  });
});

describe('removeImageEntry', () => {
  const two = '# prod\nresources:\n  - ../../base\nimages:\n  # the app\n  - name: ghcr.io/acme/web\n    newTag: "1.1.0"\n  - name: ghcr.io/acme/proxy # sidecar\n    newTag: 2.0.0\nlabels: []\n';

  it('removes only the entry’s lines from a block list, keeping every other byte', () => {
    expect(removeImageEntry(two, 'k.yaml', 'ghcr.io/acme/proxy')).toBe('# prod\nresources:\n  - ../../base\nimages:\n  # the app\n  - name: ghcr.io/acme/web\n    newTag: "1.1.0"\nlabels: []\n');
  });

  it('removes the images: key with its only entry, keeps CRLF, and changes nothing when the entry is gone', () => {
    const one = 'resources:\r\n  - ../../base\r\nimages:\r\n- name: ghcr.io/acme/web\r\n  newTag: "1.1.0"\r\n';
    expect(removeImageEntry(one, 'k.yaml', 'ghcr.io/acme/web')).toBe('resources:\r\n  - ../../base\r\n');
    expect(removeImageEntry(two, 'k.yaml', 'ghcr.io/acme/other')).toBe(two);
  });

  it('leaves a flow list to the user', () => {
    expect(() => removeImageEntry('images: [{name: a, newTag: "1"}, {name: b, newTag: "2"}]\n', 'k.yaml', 'a')).toThrow(/flow list; remove the entry for a by hand/);
  });
});
