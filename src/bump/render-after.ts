import { rmSync } from 'node:fs';
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { onInterrupt } from '../cleanup.js';
import { RenderError } from '../errors.js';
import { refuse } from './refuse.js';
import type { RenderResult } from '../render/batch-render.js';
import { renderOverlays } from '../render/render-overlays.js';
import type { HelmSource, KustomizationChain, Overlay, RenderedOverlay, Renderer } from '../types.js';
import type { PromotionPlan } from './plan.js';
import { bumpTarget } from './bump-text.js';

export interface RenderAfterDeps {
  repoDir: string;
  /** The target overlay's chain; its files and inputs are what Kustomize reads. */
  chain: KustomizationChain;
  renderer: Renderer;
  /** The target overlay directory, repo-relative (a Helm environment's: its chart directory). */
  overlayDir: string;
  /** Set when the target is a Helm environment: the copy renders this chart with its values, rebased into the copy. */
  helm?: HelmSource;
  timeoutMs?: number;
  /**
   * How the copy's overlay renders (`root` is the copy): the commands pass their cached, batched
   * render path (renderCopies); default one uncached render.
   */
  renderCopy?: RenderCopy;
}

/** Renders overlays of a private copy of the repository rooted at `root`; one result per overlay, in order. */
type RenderCopy = (overlays: Overlay[], root: string) => Promise<RenderResult[]>;

/** An edit of one kustomization of an overlay's chain, applied to a private copy before rendering. */
export interface OverlayEdit {
  service: string;
  env: string;
  /** Repo-relative kustomization to edit. */
  file: string;
  edit: (text: string) => string;
  /** What the edit is, for messages: `bump`, `rollback`. */
  label: 'bump' | 'rollback';
}

/**
 * Renders the target overlay as it will be after the bump, without touching the working tree
 * (see `renderAfterEdit`).
 */
export async function renderAfterBump(plan: PromotionPlan, deps: RenderAfterDeps): Promise<RenderedOverlay> {
  const edit = plan.action === 'noop' ? (text: string) => text : (text: string) => bumpTarget(text, plan);
  return renderAfterEdit({ service: plan.service, env: plan.to, file: plan.file, edit, label: 'bump' }, deps);
}

/**
 * Renders an overlay as it will be after an edit, without touching the working tree: the
 * chain's files are copied into a private temporary directory (relative paths kept), the copy
 * of the edited file gets the edit, Kustomize renders the copy the way every overlay renders
 * (with its build metadata, so names compare by identity), the copy is removed.
 */
export async function renderAfterEdit(edit: OverlayEdit, deps: RenderAfterDeps): Promise<RenderedOverlay> {
  const workDir = await makeWorkDir(edit.label);
  const unregister = onInterrupt(() => rmSync(workDir, { recursive: true, force: true }));
  try {
    await copyChain(deps, workDir, edit.label);
    await editCopy(edit, workDir);
    return await renderCopy(edit, deps, workDir);
  } finally {
    unregister();
    await rm(workDir, { recursive: true, force: true });
  }
}

async function makeWorkDir(label: OverlayEdit['label']): Promise<string> {
  try {
    return await mkdtemp(join(tmpdir(), 'parity-promote-'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw refuse({ code: 'PROMOTE_COPY_DIR_FAILED', args: { label, error: reason } }, { file: tmpdir() });
  }
}

async function copyChain(deps: RenderAfterDeps, workDir: string, label: OverlayEdit['label']): Promise<void> {
  for (const file of new Set([...deps.chain.files, ...deps.chain.inputs])) {
    const target = inside(workDir, file);
    await mkdir(dirname(target), { recursive: true });
    try {
      await cp(resolve(deps.repoDir, file), target, { recursive: true });
      await makeWritable(target);
    } catch (error) {
      throw refuse({ code: 'PROMOTE_COPY_FAILED', args: { label, error: (error as NodeJS.ErrnoException).code ?? String(error) } }, { file });
    }
  }
}

/**
 * The copy is parity's own: a read-only file in the repository (mode 0444) must not stop the
 * bump of its copy, nor a read-only directory the removal of the copy.
 */
async function makeWritable(path: string): Promise<void> {
  const stats = await lstat(path);
  if (stats.isSymbolicLink()) return;
  await chmod(path, (stats.mode & 0o777) | 0o200 | (stats.isDirectory() ? 0o100 : 0));
  if (!stats.isDirectory()) return;
  for (const entry of await readdir(path)) await makeWritable(join(path, entry));
}

/** Where a repo-relative input goes in the copy; inputs outside the repository cannot be copied faithfully. */
function inside(workDir: string, file: string): string {
  const target = resolve(workDir, file);
  const rel = relative(workDir, target);
  if (isAbsolute(file) || rel.startsWith('..') || isAbsolute(rel)) {
    throw refuse({ code: 'PROMOTE_READS_OUTSIDE_REPO', args: {} }, { file });
  }
  return target;
}

async function editCopy(edit: OverlayEdit, workDir: string): Promise<void> {
  const copy = inside(workDir, edit.file);
  const text = await readFile(copy, 'utf8');
  const edited = edit.edit(text);
  if (edited !== text) await writeFile(copy, edited);
}

/** The chart of the copy (a remote chart is fetched as before); values files are repo-relative, so they resolve in the copy. */
function helmInCopy(helm: HelmSource, workDir: string): HelmSource {
  return helm.remote ? helm : { ...helm, chartDir: inside(workDir, helm.chartRelDir) };
}

async function renderCopy(edit: OverlayEdit, deps: RenderAfterDeps, workDir: string): Promise<RenderedOverlay> {
  const overlay: Overlay = {
    service: edit.service,
    env: edit.env,
    dir: inside(workDir, deps.overlayDir),
    relDir: deps.overlayDir,
    ...(deps.helm ? { helm: helmInCopy(deps.helm, workDir) } : {}),
  };
  const render: RenderCopy =
    deps.renderCopy ??
    ((overlays, root) => renderOverlays(overlays, deps.renderer, { repoDir: root, ...(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {}) }));
  const [result] = await render([overlay], workDir);
  if (result && !(result instanceof Error)) return result;
  if (!(result instanceof RenderError)) throw result ?? new RenderError(`after the ${edit.label}: no render`, { overlay: deps.overlayDir });
  const local = (text: string) => text.split(`${workDir}/`).join('').split(workDir).join('.');
  throw new RenderError(`after the ${edit.label}: ${local(result.message)}`, {
    overlay: deps.overlayDir,
    exitCode: result.exitCode,
    stderr: local(result.stderr),
    timedOut: result.timedOut,
    ...(result.file !== undefined ? { file: local(result.file) } : {}),
    ...(result.line !== undefined ? { line: result.line } : {}),
  });
}
