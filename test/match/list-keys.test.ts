import { describe, expect, it } from 'vitest';
import { chooseListKeys, listItemSegments } from '../../src/match/list-keys.js';

describe('listItemSegments', () => {
  it('keys containers, env and volumes by name', () => {
    expect(listItemSegments('containers', [{ name: 'app' }, { name: 'sidecar' }])).toEqual(['[name=app]', '[name=sidecar]']);
    expect(listItemSegments('env', [{ name: 'URL', value: 'x' }])).toEqual(['[name=URL]']);
  });

  it('keys volumeMounts by mountPath', () => {
    expect(listItemSegments('volumeMounts', [{ name: 'cfg', mountPath: '/etc/app' }, { name: 'cfg', mountPath: '/etc/x' }])).toEqual([
      '[mountPath=/etc/app]',
      '[mountPath=/etc/x]',
    ]);
  });

  it('keys container ports by containerPort, with a protocol only when it is not TCP', () => {
    expect(listItemSegments('ports', [{ containerPort: 8080, protocol: 'TCP' }, { containerPort: 53, protocol: 'UDP' }])).toEqual([
      '[containerPort=8080]',
      '[containerPort=53,protocol=UDP]',
    ]);
  });

  it('falls back to name, then service port', () => {
    expect(listItemSegments('ports', [{ name: 'http', port: 80 }, { name: 'grpc', port: 90 }])).toEqual(['[name=http]', '[name=grpc]']);
    expect(listItemSegments('ports', [{ port: 80 }, { port: 443 }])).toEqual(['[port=80]', '[port=443]']);
  });

  it('quotes key values with specials', () => {
    expect(listItemSegments('env', [{ name: 'a b' }])).toEqual(['[name="a b"]']);
  });

  it('has no keys for scalars, duplicates or missing keys', () => {
    expect(listItemSegments('args', ['--a', '--b'])).toBeNull();
    expect(listItemSegments('env', [{ name: 'A' }, { name: 'A' }])).toBeNull();
    expect(listItemSegments('tolerations', [{ operator: 'Exists' }])).toBeNull();
    expect(listItemSegments('env', [])).toBeNull();
  });
});

describe('chooseListKeys', () => {
  it('picks a key that works for every environment', () => {
    // `name` identifies the left items but is missing on the right: both sides fall back to `key`.
    expect(listItemSegments('items', [{ name: 'a', key: 1 }])).toEqual(['[name=a]']);
    expect(chooseListKeys('items', [[{ name: 'a', key: 1 }], [{ key: 1 }]])).toEqual(['key']);
  });

  it('accepts any key for an empty side', () => {
    expect(chooseListKeys('env', [[], [{ name: 'A' }]])).toEqual(['name']);
    expect(chooseListKeys('env', [[], []])).toBeNull();
  });
});
