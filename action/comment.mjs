// One sticky pull-request comment: found by a hidden marker among the comments, updated in
// place; created only when none exists yet, so a pull request never collects one per push.
// GitHub REST: list/create issue comments, update an issue comment.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

export const MARKER = '<!-- parity-report -->';
/** GitHub rejects comment bodies over 65,536 characters. */
export const MAX_BODY = 65536;

/** The comment's body: the marker first, the report cut to fit with a note when too long. */
export function commentBody(markdown) {
  const body = `${MARKER}\n${markdown}`;
  if (body.length <= MAX_BODY) return body;
  const note = '\n\n… report cut to fit a comment; the full report is in the job summary.\n';
  return body.slice(0, MAX_BODY - note.length) + note;
}

/** The first comment carrying the marker, written by `author` when one is given, else by a bot. */
export function findSticky(comments, author) {
  return comments.find((comment) => {
    const byUs = author ? comment.user?.login === author : comment.user?.type === 'Bot';
    return byUs && typeof comment.body === 'string' && comment.body.startsWith(MARKER);
  });
}

/**
 * Creates or updates the sticky comment on issue/PR `number` of `repo` ("owner/name").
 * Returns {action: 'created'|'updated', id}. Throws a GitHubError on any non-2xx answer.
 */
export async function upsertComment({ api, token, repo, number, markdown, author }) {
  const call = client(api, token);
  const sticky = findSticky(await listComments(call, repo, number), author);
  const body = JSON.stringify({ body: commentBody(markdown) });
  if (sticky) {
    await call('PATCH', `/repos/${repo}/issues/comments/${sticky.id}`, body);
    return { action: 'updated', id: sticky.id };
  }
  const created = await call('POST', `/repos/${repo}/issues/${number}/comments`, body);
  return { action: 'created', id: created.id };
}

export class GitHubError extends Error {
  constructor(method, path, status, text) {
    super(`GitHub API ${method} ${path}: HTTP ${status} ${text.slice(0, 200)}`);
    this.status = status;
  }
}

async function listComments(call, repo, number) {
  const comments = [];
  for (let page = 1; ; page++) {
    const batch = await call('GET', `/repos/${repo}/issues/${number}/comments?per_page=100&page=${page}`);
    comments.push(...batch);
    if (batch.length < 100) return comments;
  }
}

function client(api, token) {
  return async (method, path, body) => {
    const response = await globalThis.fetch(`${api.replace(/\/$/, '')}${path}`, {
      method,
      body,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'user-agent': 'parity-action',
        'x-github-api-version': '2022-11-28',
      },
    });
    if (!response.ok) throw new GitHubError(method, path.split('?')[0], response.status, await response.text());
    return response.json();
  };
}

/** The pull request's number, from the event payload the runner wrote. */
async function pullRequestNumber(env) {
  if (env.PARITY_PR_NUMBER) return Number(env.PARITY_PR_NUMBER);
  const event = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8'));
  return event.pull_request?.number ?? event.issue?.number;
}

async function main(env) {
  const number = await pullRequestNumber(env);
  if (!number) return console.log('parity: not a pull request; no comment');
  const markdown = await readFile(env.PARITY_MARKDOWN_FILE, 'utf8');
  try {
    const done = await upsertComment({
      api: env.GITHUB_API_URL || 'https://api.github.com',
      token: env.GITHUB_TOKEN,
      repo: env.GITHUB_REPOSITORY,
      number,
      markdown,
      author: env.PARITY_COMMENT_AUTHOR,
    });
    console.log(`parity: ${done.action} comment ${done.id} on #${number}`);
  } catch (error) {
    // A read-only token (a fork's pull request) cannot comment: the summary and the check still
    // carry the verdict, so say it and go on; anything else fails this step.
    if (!(error instanceof GitHubError) || ![403, 404].includes(error.status)) throw error;
    console.log(`::warning title=parity::no PR comment (the token may not write to pull requests): ${error.message}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.env).catch((error) => {
    console.log(`::error title=parity::PR comment failed: ${error.message}`);
    process.exitCode = 1;
  });
}
