import { execa } from 'execa';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commentBody, findSticky, MARKER, MAX_BODY, upsertComment, type IssueComment } from '../../action/comment.mjs';

/** A tiny GitHub: issue comments of one pull request, speaking the REST shape the action uses. */
interface FakeGitHub {
  api: string;
  comments: IssueComment[];
  requests: string[];
  server: Server;
}

async function startGitHub(initial: IssueComment[], denyWrites = false): Promise<FakeGitHub> {
  const state = { comments: [...initial], requests: [] as string[], nextId: 1000 };
  const server = createServer((request, response) => {
    void readBody(request).then((text) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      state.requests.push(`${request.method} ${url.pathname}`);
      const reply = (status: number, body: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (request.headers.authorization !== 'Bearer t0ken') return reply(401, { message: 'Bad credentials' });
      if (request.method !== 'GET' && denyWrites) return reply(403, { message: 'Resource not accessible by integration' });
      const list = url.pathname.match(/^\/repos\/acme\/infra\/issues\/7\/comments$/);
      const one = url.pathname.match(/^\/repos\/acme\/infra\/issues\/comments\/(\d+)$/);
      if (list && request.method === 'GET') {
        const perPage = Number(url.searchParams.get('per_page'));
        const page = Number(url.searchParams.get('page'));
        return reply(200, state.comments.slice((page - 1) * perPage, page * perPage));
      }
      if (list && request.method === 'POST') {
        const comment = { id: state.nextId++, body: JSON.parse(text).body, user: { login: 'github-actions[bot]', type: 'Bot' } };
        state.comments.push(comment);
        return reply(201, comment);
      }
      const target = one && state.comments.find((comment) => comment.id === Number(one[1]));
      if (target && request.method === 'PATCH') {
        target.body = JSON.parse(text).body;
        return reply(200, target);
      }
      return reply(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, { api: `http://127.0.0.1:${port}`, server });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => resolve(text));
  });
}

const bot = { login: 'github-actions[bot]', type: 'Bot' };
const human = { login: 'alice', type: 'User' };
let github: FakeGitHub;

afterEach(() => github?.server.close());

describe('sticky PR comment', () => {
  beforeEach(async () => {
    github = await startGitHub([
      { id: 1, body: 'LGTM', user: human },
      { id: 2, body: `${MARKER}\nquoted by a person`, user: human },
      { id: 3, body: 'another bot', user: bot },
    ]);
  });

  const upsert = (markdown: string) =>
    upsertComment({ api: github.api, token: 't0ken', repo: 'acme/infra', number: 7, markdown });

  it('creates the comment once, then updates that same comment on every later push', async () => {
    const first = await upsert('### ❌ 1 blocking');
    const second = await upsert('### ✅ no blocking differences');
    const third = await upsert('### ✅ still fine');

    expect(first.action).toBe('created');
    expect([second.action, third.action]).toEqual(['updated', 'updated']);
    expect(second.id).toBe(first.id);
    const ours = github.comments.filter((comment) => comment.body?.startsWith(MARKER) && comment.user?.type === 'Bot');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toBe(`${MARKER}\n### ✅ still fine`);
    expect(github.comments.find((comment) => comment.id === 2)!.body).toBe(`${MARKER}\nquoted by a person`);
    expect(github.requests.filter((request) => request.startsWith('POST'))).toHaveLength(1);
  });

  it('finds its comment past the first page of 100', async () => {
    github.server.close();
    const many = Array.from({ length: 150 }, (_, i) => ({ id: i + 1, body: `comment ${i}`, user: human }));
    github = await startGitHub([...many, { id: 500, body: `${MARKER}\nold report`, user: bot }]);

    const done = await upsert('new report');

    expect(done).toEqual({ action: 'updated', id: 500 });
    expect(github.comments).toHaveLength(151);
  });

  it('raises the HTTP status when the token may not write (a fork pull request)', async () => {
    github.server.close();
    github = await startGitHub([], true);

    await expect(upsert('report')).rejects.toMatchObject({ status: 403 });
    expect(github.comments).toHaveLength(0);
  });
});

describe('comment body', () => {
  it('starts with the marker and never exceeds GitHub’s limit', () => {
    const body = commentBody('x'.repeat(MAX_BODY + 5000));
    expect(body.startsWith(`${MARKER}\n`)).toBe(true);
    expect(body.length).toBeLessThanOrEqual(MAX_BODY);
    expect(body).toContain('full report is in the job summary');
    expect(commentBody('short')).toBe(`${MARKER}\nshort`);
  });

  it('matches only a bot’s comment that starts with the marker, or the named author’s', () => {
    const comments = [
      { id: 1, body: `quote ${MARKER}`, user: bot },
      { id: 2, body: `${MARKER}\nby a person`, user: human },
      { id: 3, body: `${MARKER}\nours`, user: bot },
    ];
    expect(findSticky(comments)?.id).toBe(3);
    expect(findSticky(comments, 'alice')?.id).toBe(2);
    expect(findSticky(comments.slice(0, 2))).toBeUndefined();
  });
});

describe('the comment step (action/comment.mjs as the action runs it)', () => {
  const SCRIPT = new URL('../../action/comment.mjs', import.meta.url).pathname;

  async function runStep(extra: Record<string, string>) {
    const dir = await mkdtemp(join(tmpdir(), 'parity-comment-'));
    await writeFile(join(dir, 'event.json'), JSON.stringify({ pull_request: { number: 7 } }));
    await writeFile(join(dir, 'report.md'), '### ❌ parity: 1 blocking difference');
    return execa(process.execPath, [SCRIPT], {
      reject: false,
      env: {
        GITHUB_API_URL: github.api,
        GITHUB_TOKEN: 't0ken',
        GITHUB_REPOSITORY: 'acme/infra',
        GITHUB_EVENT_PATH: join(dir, 'event.json'),
        PARITY_MARKDOWN_FILE: join(dir, 'report.md'),
        ...extra,
      },
    });
  }

  it('reads the pull request from the event and leaves one comment over two runs', async () => {
    github = await startGitHub([]);
    const first = await runStep({});
    const second = await runStep({});
    expect([first.exitCode, second.exitCode]).toEqual([0, 0]);
    expect(first.stdout).toMatch(/created comment \d+ on #7/);
    expect(second.stdout).toMatch(/updated comment \d+ on #7/);
    expect(github.comments).toHaveLength(1);
  });

  it('warns and passes on a read-only token, fails on any other API error', async () => {
    github = await startGitHub([], true);
    const readOnly = await runStep({});
    expect(readOnly.exitCode).toBe(0);
    expect(readOnly.stdout).toContain('::warning title=parity::no PR comment');

    const badToken = await runStep({ GITHUB_TOKEN: 'wrong' });
    expect(badToken.exitCode).toBe(1);
    expect(badToken.stdout).toContain('::error title=parity::PR comment failed: GitHub API GET /repos/acme/infra/issues/7/comments: HTTP 401');
  });
});
