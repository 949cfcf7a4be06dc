import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/discover/load-config.js';
import { ConfigError } from '../../src/errors.js';
import { caught, makeRepo } from './helpers.js';

describe('loadConfig defaults', () => {
  it('uses the documented defaults when there is no config file', async () => {
    const repo = await makeRepo({ 'apps/': '' });
    expect(await loadConfig(repo)).toEqual({
      file: null,
      environments: ['dev', 'staging', 'production'],
      layout: 'apps/{service}/overlays/{env}',
      services: [],
      policies: [],
      defaultPolicy: true,
    });
  });

  it('picks up policies/ when the folder exists', async () => {
    const repo = await makeRepo({ 'policies/team.yaml': '' });
    expect((await loadConfig(repo)).policies).toEqual(['policies']);
  });

  it('treats an empty config file as all defaults', async () => {
    const repo = await makeRepo({ 'parity.config.yaml': '# nothing yet\n' });
    const config = await loadConfig(repo);
    expect(config.file).toBe('parity.config.yaml');
    expect(config.layout).toBe('apps/{service}/overlays/{env}');
    expect(config.policies).toEqual([]);
  });

  it('fails when an explicit --config path does not exist', async () => {
    const repo = await makeRepo({});
    const error = await caught(() => loadConfig(repo, join(repo, 'nope.yaml')));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/not found/);
    expect(error.file).toBe('nope.yaml');
  });
});

describe('loadConfig explicit', () => {
  it('reads environments, layout, policies and defaultPolicy', async () => {
    const repo = await makeRepo({
      'parity.config.yaml': [
        'environments: [qa, prod]',
        'layout: ./deploy/{env}/{service}/',
        'policies: [policies/, extra/one.yaml]',
        'defaultPolicy: false',
      ].join('\n'),
      'policies/': '',
      'extra/one.yaml': '',
    });
    expect(await loadConfig(repo)).toEqual({
      file: 'parity.config.yaml',
      environments: ['qa', 'prod'],
      layout: 'deploy/{env}/{service}',
      services: [],
      policies: ['policies', 'extra/one.yaml'],
      defaultPolicy: false,
    });
  });

  it('reads an explicit service list with normalized overlay paths', async () => {
    const repo = await makeRepo({
      'cfg/parity.yaml': [
        'services:',
        '  - name: payments',
        '    overlays: {dev: ./pay/dev/, production: pay/prod}',
      ].join('\n'),
    });
    const config = await loadConfig(repo, join(repo, 'cfg/parity.yaml'));
    expect(config.file).toBe('cfg/parity.yaml');
    expect(config.layout).toBeNull();
    expect(config.services).toEqual([{ name: 'payments', overlays: { dev: 'pay/dev', production: 'pay/prod' } }]);
  });

  it('accepts a layout without {service} when services are listed', async () => {
    const repo = await makeRepo({ 'parity.config.yaml': 'layout: overlays/{env}\nservices: [{name: web}]\n' });
    const config = await loadConfig(repo);
    expect(config.layout).toBe('overlays/{env}');
    expect(config.services).toEqual([{ name: 'web', overlays: {} }]);
  });
});

describe('loadConfig errors', () => {
  const cases: Array<[string, string, number, RegExp]> = [
    ['unknown top-level key', 'environments: [dev]\nlayuot: x/{service}/{env}\n', 2, /unknown key 'layuot'/],
    ['unknown nested key', 'services:\n  - name: a\n    overlay: {dev: a}\n', 3, /unknown key 'overlay' in 'services\[0\]'/],
    ['wrong type', 'environments: dev\n', 1, /'environments' must be a list, got a string/],
    ['wrong item type', 'defaultPolicy: true\nenvironments:\n  - dev\n  - 7\n', 4, /'environments\[1\]' must be a string, got a number/],
    ['wrong boolean', 'defaultPolicy: "no"\n', 1, /'defaultPolicy' must be a boolean/],
    ['bad env name', 'environments: [dev, Prod]\n', 1, /'environments\[1\]'.*lower-case/],
    ['duplicate env', 'environments:\n  - dev\n  - dev\n', 3, /duplicate environment 'dev'/],
    ['layout without {env}', 'layout: apps/{service}\n', 1, /'layout'.*must contain \{env\}/],
    ['layout without {service}', 'layout: apps/{env}\n', 1, /must contain \{service\} unless services are listed/],
    ['unknown placeholder', 'layout: apps/{app}/{env}\n', 1, /placeholders \{service\} and \{env\}/],
    ['absolute layout', 'layout: /srv/{service}/{env}\n', 1, /relative path inside the repo/],
    ['escaping policy path', 'policies:\n  - a/../../x\n', 2, /'policies\[0\]'.*inside the repo/],
    ['absolute overlay', 'services:\n  - name: a\n    overlays:\n      dev: /etc\n', 4, /'services\[0\]\.overlays\.dev'.*inside the repo/],
    ['overlay env not in environments', 'environments: [dev]\nservices:\n  - name: a\n    overlays:\n      qa: a/qa\n', 5, /unknown environment 'qa' \(known: dev\)/],
    ['bad service name', 'services:\n  - name: ../..\n    overlays: {dev: a}\n', 2, /'services\[0\]\.name'/],
    ['missing service name', 'services:\n  - overlays: {dev: a}\n', 2, /missing required key 'services\[0\]\.name'/],
    ['service without overlays or layout', 'services:\n  - name: a\n', 2, /lists no overlays and the config has no layout/],
    ['missing policy file', 'policies:\n  - policies/\n  - nowhere.yaml\n', 3, /policy path 'nowhere.yaml' does not exist/],
    ['not a mapping', '- dev\n- prod\n', 1, /the document must be a mapping, got a list/],
    ['YAML syntax', 'environments: [dev\nlayout: x\n', 2, /invalid YAML/],
  ];

  it.each(cases)('%s', async (_name, text, line, message) => {
    const repo = await makeRepo({ 'parity.config.yaml': text, 'policies/': '' });
    const error = await caught(() => loadConfig(repo));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(message);
    expect(error.file).toBe('parity.config.yaml');
    expect(error.line).toBe(line);
  });

  it('reports the broken/bad-config fixture', async () => {
    const repo = resolve(__dirname, '../../fixtures/broken/bad-config');
    const error = (await caught(() => loadConfig(repo))) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.toLine()).toBe("parity.config.yaml:1: 'environments' must be a list, got a string (\"staging\")");
  });

  it('prints as one line with file and line', async () => {
    const repo = await makeRepo({ 'parity.config.yaml': 'environments: [dev]\nbogus: 1\n' });
    const error = (await caught(() => loadConfig(repo))) as ConfigError;
    expect(error.toLine()).toBe("parity.config.yaml:2: unknown key 'bogus'");
  });
});
