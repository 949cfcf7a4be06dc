import type { HtmlOptions } from './options.js';

/**
 * Error text without the machine's absolute paths: the repository prefix is dropped (paths
 * become repo-relative) and anything under a temporary folder is shown from `<tmp>/` on, its
 * random directory name left out.
 */
export function withoutLocalPaths(text: string, paths: HtmlOptions['localPaths'] = {}): string {
  let shown = text;
  if (paths.repoDir) shown = shown.split(`${trimSlash(paths.repoDir)}/`).join('');
  for (const dir of paths.tempDirs ?? []) {
    const pattern = new RegExp(`${escapeRegExp(trimSlash(dir))}/[^/\\s'"]+`, 'g');
    shown = shown.replace(pattern, '<tmp>');
  }
  return shown;
}

function trimSlash(dir: string): string {
  return dir.replace(/\/+$/, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
