import { describe, expect, it } from 'vitest';
import { refuse } from '../../src/bump/refuse.js';
import { PromoteError, RenderError } from '../../src/errors.js';
import { toResultError } from '../../src/pipeline/result-error.js';
import type { PromoteRefusal } from '../../src/reason-args.js';
import { formatPromoteRefusal } from '../../src/report/messages.js';

type Code = PromoteRefusal['code'];
type ArgsOf<C extends Code> = Extract<PromoteRefusal, { code: C }>['args'];

/**
 * One example per refusal code and the exact line users see (their CI greps these): a code
 * without an example does not compile, a changed wording fails.
 */
const EXAMPLES: { [C in Code]: [ArgsOf<C>, string] } = {
  PROMOTE_INVALID_TAG_OPTION: [{ problem: 'tag is empty' }, '--tag: refusing to promote an invalid reference: tag is empty'],
  PROMOTE_INVALID_REFERENCE: [
    { problem: 'tag "1.0 #x" is not [A-Za-z0-9_][A-Za-z0-9._-]*' },
    'refusing to promote an invalid reference: tag "1.0 #x" is not [A-Za-z0-9_][A-Za-z0-9._-]*',
  ],
  PROMOTE_MUTABLE_REFERENCE: [{ reason: 'tag latest can move' }, 'refusing to promote a mutable reference: tag latest can move'],
  PROMOTE_NO_REFERENCE: [{ env: 'staging', image: 'ghcr.io/shop/web' }, 'the staging overlay sets no tag or digest for image ghcr.io/shop/web'],
  PROMOTE_NO_KUSTOMIZATION: [{ env: 'production' }, 'the production overlay has no kustomization'],
  PROMOTE_NO_IMAGES_ENTRY: [
    {},
    'the kustomization chain sets no images: entry; parity gates and promotes the tag an images: entry sets ' +
      '(add `images: [{name: <image>, newTag: <tag>}]` to the overlay instead of patching the image)',
  ],
  PROMOTE_SEVERAL_IMAGES: [{ images: ['api', 'worker'] }, 'several images are run (api, worker); choose one with --image'],
  PROMOTE_SEVERAL_OVERRIDDEN: [{ images: ['api', 'worker'] }, 'several images are overridden (api, worker); choose one with --image'],
  PROMOTE_IMAGE_NOT_RUN: [{ image: 'cron', known: [] }, 'image cron is not run by this overlay; known images: none'],
  PROMOTE_IMAGE_NOT_OVERRIDDEN: [{ image: 'cron', known: ['api', 'worker'] }, 'image cron is not overridden in the chain; known images: api, worker'],
  PROMOTE_UNCOMMITTED_TARGET: [
    {},
    'already holds the promoted reference, but as an uncommitted change (an interrupted promote?); commit or discard it, then promote again',
  ],
  PROMOTE_OUTSIDE_REPO: [{ target: 'kustomization' }, 'target kustomization is outside the repository'],
  PROMOTE_SYMLINK: [{ target: 'values file' }, 'target values file is a symbolic link; edit its target instead'],
  PROMOTE_UNREADABLE: [{ target: 'kustomization', error: 'EACCES' }, 'cannot read target kustomization: EACCES'],
  PROMOTE_DIRTY: [{}, 'has uncommitted changes; commit or stash them before promoting'],
  PROMOTE_DETACHED_HEAD: [{}, 'HEAD is detached; check out a branch to commit the promotion'],
  PROMOTE_HEAD_MOVED: [{ audited: 'abc1234', head: null }, 'HEAD moved since the audit (audited abc1234, now no commit)'],
  PROMOTE_GIT_FAILED: [{ message: 'not a git work tree' }, 'cannot promote: not a git work tree'],
  PROMOTE_COMMIT_FAILED: [
    { message: 'git commit failed: hook refused', file: 'apps/web/overlays/production/kustomization.yaml' },
    'git commit failed: hook refused; apps/web/overlays/production/kustomization.yaml restored, nothing committed',
  ],
  PROMOTE_INVALID_YAML: [{ message: 'invalid YAML: Map keys must be unique' }, 'invalid YAML: Map keys must be unique'],
  PROMOTE_NOTHING_TO_SET: [{}, 'nothing to set: no tag or digest'],
  PROMOTE_NOT_A_MAPPING: [{ document: 'kustomization' }, 'kustomization is not a YAML mapping'],
  PROMOTE_IMAGES_NOT_A_LIST: [{}, 'images: is not a list'],
  PROMOTE_NOT_ONE_LINE: [{ key: 'newTag' }, 'images[].newTag is not a one-line scalar; edit it by hand'],
  PROMOTE_UNSAFE_EDIT: [{ image: 'web' }, 'could not set the tag of image web safely; edit the file by hand'],
  PROMOTE_COPY_DIR_FAILED: [{ label: 'bump', error: 'ENOSPC' }, 'cannot create a private copy for the post-bump render: ENOSPC'],
  PROMOTE_COPY_FAILED: [{ label: 'rollback', error: 'EACCES' }, 'cannot copy for the post-rollback render: EACCES'],
  PROMOTE_READS_OUTSIDE_REPO: [{}, 'the target overlay reads a file outside the repository; cannot render it after the bump'],
  PROMOTE_VALUES_UNREADABLE: [{ error: 'ENOENT' }, 'cannot read values file: ENOENT'],
  PROMOTE_VALUES_NOT_ONE_LINE: [{ key: 'image.tag' }, 'image.tag is not a one-line scalar; cannot set it without rewriting more than the tag'],
  PROMOTE_VALUES_NOT_A_MAPPING: [{ parent: ['image'], key: 'image.tag' }, 'image is not a mapping; cannot add image.tag beneath it'],
  PROMOTE_VALUES_EMPTY_KEY: [{ key: '' }, "empty values key ''"],
  PROMOTE_VALUES_EMPTY_FLOW_MAPPING: [{ key: 'image.tag' }, 'cannot add image.tag to an empty flow mapping ({}) without rewriting it'],
  PROMOTE_VALUES_UNSAFE_EDIT: [{ key: 'image.tag' }, 'setting image.tag would change more than its value; refusing to write'],
  PROMOTE_NO_OWN_VALUES_FILE: [
    { from: 'staging', to: 'production' },
    "the production environment has no values file of its own (each is read by staging too); parity writes the tag into the target's own values file",
  ],
  PROMOTE_VALUES_OUTSIDE_REPO: [{ env: 'production' }, 'the production values file is outside the repository; cannot promote into it'],
  PROMOTE_IMAGE_KEYS_DIFFER: [
    { from: 'staging', fromKeys: ['image', 'worker.image'], to: 'production', toKeys: ['image'] },
    'the image keys of staging (image, worker.image) and production (image) differ',
  ],
  PROMOTE_UNKNOWN_IMAGE_KEY: [{ image: 'cron', service: 'web', keys: ['image', 'worker.image'] }, '--image cron is not an image key of web; its keys: image, worker.image'],
  PROMOTE_HELM_DIGEST_ONLY: [
    { key: 'image.tag', digestKey: 'image.digest' },
    'a Helm promotion writes a tag at image.tag; promote a tag (its digest goes to image.digest), not a digest alone',
  ],
  ROLLBACK_NO_KUSTOMIZATION: [{ env: 'production' }, 'the production overlay has no kustomization'],
  ROLLBACK_NO_IMAGES_ENTRY: [{ env: 'production', images: ['api', 'worker'] }, 'the production kustomization has no images: entry for api, worker to roll back'],
  ROLLBACK_DIRTY: [{}, 'has uncommitted changes; commit or stash them before rolling back'],
  ROLLBACK_DETACHED_HEAD: [{}, 'HEAD is detached; check out a branch to commit the rollback'],
  ROLLBACK_COMMIT_FAILED: [{ message: 'git commit failed', file: 'k.yaml' }, 'git commit failed; k.yaml restored, nothing committed'],
  ROLLBACK_NO_CHANGES: [{ images: ['api', 'worker'] }, 'no commit changed the images api, worker; nothing to roll back to'],
  ROLLBACK_INVALID_STEPS: [{ steps: 0 }, '--steps must be a positive whole number, got 0'],
  ROLLBACK_TOO_FEW_CHANGES: [{ images: ['web'], file: 'k.yaml', changes: 1 }, 'no earlier tag of web in the history of k.yaml (it has 1 tag change)'],
  ROLLBACK_FIRST_TAG: [
    { image: 'web', file: 'k.yaml', commit: '0123456789abcdef0123456789abcdef01234567' },
    'no earlier tag of web in the history of k.yaml (0123456789ab set its first)',
  ],
  ROLLBACK_NOTHING_TO_ROLL_BACK: [{ env: 'production', changes: 2 }, 'undoing 2 tag change(s) leaves production on the references it runs; nothing to roll back'],
  ROLLBACK_ALREADY_RUNS: [{ env: 'production', tag: '1.2.0' }, 'production already runs 1.2.0'],
  ROLLBACK_NOT_AN_EARLIER_TAG: [{ tag: '0.9.0', image: 'web', file: 'k.yaml' }, '0.9.0 is not an earlier tag of web in the history of k.yaml'],
  ROLLBACK_FLOW_LIST: [{ image: 'web' }, 'images: is a flow list; remove the entry for web by hand'],
  ROLLBACK_UNSAFE_REMOVAL: [{ image: 'web' }, 'could not remove the images: entry for web safely; edit the file by hand'],
};

const refusals = Object.entries(EXAMPLES).map(([code, [args, text]]) => [{ code, args } as PromoteRefusal, text] as const);

describe('formatPromoteRefusal', () => {
  it.each(refusals)('words $code', (refusal, text) => {
    expect(formatPromoteRefusal(refusal)).toBe(text);
  });

  it('words the variants that change with their arguments', () => {
    expect(formatPromoteRefusal({ code: 'PROMOTE_IMAGE_NOT_RUN', args: { image: 'cron', known: ['api', 'web'] } })).toBe(
      'image cron is not run by this overlay; known images: api, web',
    );
    expect(formatPromoteRefusal({ code: 'PROMOTE_HEAD_MOVED', args: { audited: 'abc1234', head: 'def5678' } })).toBe('HEAD moved since the audit (audited abc1234, now def5678)');
    expect(formatPromoteRefusal({ code: 'ROLLBACK_NO_CHANGES', args: { images: ['web'] } })).toBe('no commit changed the image web; nothing to roll back to');
    expect(formatPromoteRefusal({ code: 'ROLLBACK_TOO_FEW_CHANGES', args: { images: ['web'], file: 'k.yaml', changes: 2 } })).toBe(
      'no earlier tag of web in the history of k.yaml (it has 2 tag changes)',
    );
    expect(formatPromoteRefusal({ code: 'PROMOTE_NOT_A_MAPPING', args: { document: 'values file' } })).toBe('values file is not a YAML mapping');
    expect(formatPromoteRefusal({ code: 'PROMOTE_VALUES_NOT_A_MAPPING', args: { parent: ['services', 'web'], key: 'services.web.tag' } })).toBe(
      'services.web is not a mapping; cannot add services.web.tag beneath it',
    );
  });
});

describe('refuse', () => {
  it('makes a PromoteError carrying the refusal, its wording and where', () => {
    const refusal: PromoteRefusal = { code: 'PROMOTE_DIRTY', args: {} };
    const error = refuse(refusal, { file: 'k.yaml', line: 3 });
    expect(error).toBeInstanceOf(PromoteError);
    expect(error.refusal).toEqual(refusal);
    expect(error.toLine()).toBe('k.yaml:3: has uncommitted changes; commit or stash them before promoting');
  });

  it('names the refusal as the reason of a result error, beside its code', () => {
    const overlay = { service: 'web', env: 'production', dir: '/repo/apps/web/overlays/production', relDir: 'apps/web/overlays/production' };
    const error = refuse({ code: 'PROMOTE_READS_OUTSIDE_REPO', args: {} }, { file: '../shared/base.yaml' });
    expect(toResultError(error, overlay)).toEqual({
      code: 'RENDER_FAILED',
      reason: 'PROMOTE_READS_OUTSIDE_REPO',
      service: 'web',
      env: 'production',
      message: '../shared/base.yaml: the target overlay reads a file outside the repository; cannot render it after the bump',
      file: '../shared/base.yaml',
    });
    expect(toResultError(new RenderError('kustomize build failed', { overlay: overlay.relDir }), overlay)).not.toHaveProperty('reason');
  });
});
