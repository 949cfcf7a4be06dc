export const MARKER: string;
export const MAX_BODY: number;
export interface IssueComment {
  id: number;
  body?: string;
  user?: { login?: string; type?: string };
}
export function commentBody(markdown: string): string;
export function findSticky(comments: IssueComment[], author?: string): IssueComment | undefined;
export function upsertComment(options: {
  api: string;
  token: string;
  repo: string;
  number: number;
  markdown: string;
  author?: string;
}): Promise<{ action: 'created' | 'updated'; id: number }>;
export class GitHubError extends Error {
  status: number;
  constructor(method: string, path: string, status: number, text: string);
}
