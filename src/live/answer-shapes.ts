/**
 * The shapes parity reads from the Kubernetes API. A server (or a proxy in front of it) that
 * answers 200 with something else — an array, a `Status`, a list without `items` — is an
 * error naming the call, never a crash deeper in the comparison.
 */
import { z } from 'zod';
import { LiveError } from '../errors.js';

const objectMeta = z.looseObject({ name: z.string().min(1) });

export const objectShape = z.looseObject({ metadata: objectMeta });

export const listShape = z.looseObject({ items: z.array(z.looseObject({ metadata: objectMeta })) });

export const coreVersionsShape = z.looseObject({ versions: z.array(z.string()) });

export const groupListShape = z.looseObject({
  groups: z.array(z.looseObject({ versions: z.array(z.looseObject({ groupVersion: z.string().min(1) })) })),
});

export const resourceListShape = z.looseObject({
  resources: z.array(
    z.looseObject({
      name: z.string().min(1),
      kind: z.string().min(1),
      namespaced: z.boolean(),
      shortNames: z.array(z.string()).optional(),
    }),
  ),
});

/** `body` as `shape`, or a LiveError naming the call and the first thing that is wrong. */
export interface Answer {
  /** What the call should return: `an APIResourceList`, `a Deployment list with items`. */
  what: string;
  /** The call as errors name it: `GET /apis/apps/v1`. */
  call: string;
  context: string;
}

export function checkAnswer<T>(shape: z.ZodType<T>, body: unknown, answer: Answer): T {
  const parsed = shape.safeParse(body);
  if (parsed.success) return parsed.data;
  const problem = describeIssue(parsed.error, body);
  throw new LiveError(`${answer.call} (context ${answer.context}): the server's answer is not ${answer.what}: ${problem}`);
}

function describeIssue(error: z.ZodError, body: unknown): string {
  if (Array.isArray(body)) return 'got a JSON array';
  if (typeof body !== 'object' || body === null) return `got ${body === null ? 'null' : typeof body}`;
  const issue = error.issues[0];
  if (!issue) return 'unexpected shape';
  const where = issue.path.length ? issue.path.map(String).join('.') : 'the body';
  return `${where}: ${issue.message}`;
}
