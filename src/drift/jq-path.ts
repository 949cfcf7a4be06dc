/**
 * The subset of jq path expressions parity understands in Argo CD's `jqPathExpressions`:
 * `.a.b`, `."a-b"`, `.a["x.y/z"]`, `.a[2]`, `.a[]`, `.a[]?`, `.a?`, and pipes into
 * `select(.k == "v")` (`==`/`!=` against a string, number, boolean or null), e.g.
 * `.spec.template.spec.containers[] | select(.name == "app") | .image`. Anything else is
 * refused (null), so that parity never silently ignores nothing or everything.
 */
import { isPlainObject } from '../util/is-plain-object.js';

/** One element of a concrete path: a map key or a list index. */
export type PathKey = string | number;

type Step = { key: string } | { index: number } | { each: true } | { select: Condition };
interface Condition {
  path: Step[];
  equal: boolean;
  value: string | number | boolean | null;
}
export type JqProgram = Step[];

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;
const LITERAL = /^\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null)\s*$/;

/** The program, or null when the expression is outside the supported subset. */
export function parseJqPath(expression: string): JqProgram | null {
  const stages = splitPipes(expression);
  if (!stages) return null;
  const program: Step[] = [];
  for (const stage of stages) {
    const steps = parseStage(stage.trim());
    if (!steps) return null;
    program.push(...steps);
  }
  return program;
}

/** `a | b | c` split outside strings and brackets; null on unbalanced input. */
function splitPipes(expression: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expression.length; i += 1) {
    const char = expression[i]!;
    if (char === '"') {
      i = closingQuote(expression, i);
      if (i < 0) return null;
    } else if (char === '(' || char === '[') depth += 1;
    else if (char === ')' || char === ']') depth -= 1;
    else if (char === '|' && depth === 0) {
      parts.push(expression.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) return null;
  }
  return depth === 0 ? [...parts, expression.slice(start)] : null;
}

function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** A path, or `select(condition)` optionally followed by a path (`select(.name == "x").image`). */
function parseStage(stage: string): Step[] | null {
  if (!/^select\s*\(/.test(stage)) return parseSteps(stage);
  const open = stage.indexOf('(');
  const close = closingParen(stage, open);
  const condition = close < 0 ? null : parseCondition(stage.slice(open + 1, close));
  const rest = stage.slice(close + 1).trim();
  const after = rest === '' ? [] : parseSteps(rest.startsWith('[') ? `.${rest}` : rest);
  return condition && after ? [{ select: condition }, ...after] : null;
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === '"') i = closingQuote(text, i);
    if (i < 0) return -1;
    if (text[i] === '(') depth += 1;
    if (text[i] === ')' && (depth -= 1) === 0) return i;
  }
  return -1;
}

function parseCondition(text: string): Condition | null {
  const match = /^(.*?)\s*(==|!=)(.*)$/s.exec(text.trim());
  if (!match) return null;
  const path = parseSteps(match[1]!.trim());
  const literal = LITERAL.exec(match[3]!);
  if (!path || !literal) return null;
  return { path, equal: match[2] === '==', value: JSON.parse(literal[1]!) as Condition['value'] };
}

/** `.a.b[0][]?["k"]`; `.` alone is the identity. */
function parseSteps(text: string): Step[] | null {
  if (!text.startsWith('.')) return null;
  const steps: Step[] = [];
  let rest = text === '.' ? '' : text;
  while (rest !== '') {
    const parsed = nextStep(rest);
    if (!parsed) return null;
    steps.push(...parsed.steps);
    rest = parsed.rest.replace(/^\?/, '');
  }
  return steps;
}

function nextStep(text: string): { steps: Step[]; rest: string } | null {
  if (text.startsWith('.[')) return nextStep(text.slice(1));
  if (text.startsWith('."')) {
    const end = closingQuote(text, 1);
    return end < 0 ? null : { steps: [{ key: JSON.parse(text.slice(1, end + 1)) as string }], rest: text.slice(end + 1) };
  }
  if (text.startsWith('.')) {
    const ident = IDENT.exec(text.slice(1));
    return ident ? { steps: [{ key: ident[0] }], rest: text.slice(1 + ident[0].length) } : null;
  }
  return bracketStep(text);
}

function bracketStep(text: string): { steps: Step[]; rest: string } | null {
  const bracket = /^\[\s*(?:("(?:[^"\\]|\\.)*")|(\d+))?\s*\]/.exec(text);
  if (!bracket) return null;
  const rest = text.slice(bracket[0].length);
  if (bracket[1] !== undefined) return { steps: [{ key: JSON.parse(bracket[1]) as string }], rest };
  if (bracket[2] !== undefined) return { steps: [{ index: Number(bracket[2]) }], rest };
  return { steps: [{ each: true }], rest };
}

interface Point {
  value: unknown;
  path: PathKey[];
}

/** Every concrete path the program reaches in `root` (paths to absent fields included, as jq's `path()` does). */
export function evaluateJqPath(program: JqProgram, root: unknown): PathKey[][] {
  return pointsOf(program, root).map((point) => point.path);
}

function pointsOf(program: JqProgram, root: unknown): Point[] {
  let points: Point[] = [{ value: root, path: [] }];
  for (const step of program) points = points.flatMap((point) => apply(step, point));
  return points;
}

function apply(step: Step, { value, path }: Point): Point[] {
  if ('key' in step) {
    if (isPlainObject(value)) return [{ value: value[step.key], path: [...path, step.key] }];
    return value === undefined || value === null ? [{ value: undefined, path: [...path, step.key] }] : [];
  }
  if ('index' in step) return Array.isArray(value) ? [{ value: value[step.index], path: [...path, step.index] }] : [];
  if ('each' in step) {
    if (Array.isArray(value)) return value.map((item, i) => ({ value: item, path: [...path, i] }));
    return isPlainObject(value) ? Object.entries(value).map(([k, item]) => ({ value: item, path: [...path, k] })) : [];
  }
  return holds(step.select, value) ? [{ value, path }] : [];
}

function holds(condition: Condition, value: unknown): boolean {
  const found = pointsOf(condition.path, value)[0]?.value ?? null;
  return (found === condition.value) === condition.equal;
}
