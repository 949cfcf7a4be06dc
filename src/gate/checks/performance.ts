import type { PerformanceReason } from '../../reason-args.js';
import { formatPerformanceReason } from '../../report/messages.js';
import { parseDuration } from '../../util/duration.js';
import type { GateCheck, PerformanceCheckRule, PerformanceEvidence } from '../../types.js';
import type { Endpoint } from './http-json.js';
import { queryRange, QueryError } from './prometheus.js';
import type { Rollout } from './rollout-time.js';
import { fillTemplate, type TemplateVars } from './template.js';
import { regressionPercent, windowValue } from './window-value.js';

export interface PerformanceInput {
  endpoint: Endpoint;
  rules: PerformanceCheckRule[];
  vars: TemplateVars;
  rollout: Rollout;
  now: Date;
  /** The shortest window either side may have (the soak time). */
  minWindowMs: number;
}

/** Prometheus's limit on points per series in one range query, with room to spare. */
const MAX_POINTS = 10_000;

/**
 * The performance gate: each declared query, averaged over the window since the source's
 * current rollout started and over the same-length window that ended then. A regression past
 * the tolerance, or too little data on either side, fails; a query Prometheus refuses or an
 * unreachable Prometheus is an error naming the check.
 */
export async function checkPerformance(input: PerformanceInput): Promise<GateCheck> {
  if (input.rules.length === 0) {
    return { name: 'performance', verdict: 'error', reasons: [formatPerformanceReason({ code: 'PERF_NO_CHECKS', args: {} })], evidence: [] };
  }
  const evidence: PerformanceEvidence[] = [];
  const reasons: PerformanceReason[] = [];
  for (const rule of input.rules) {
    const judged = await judgeRule(input, rule);
    evidence.push(judged.evidence);
    reasons.push(...judged.reasons);
  }
  const verdict = evidence.some((item) => item.verdict === 'error') ? 'error' : evidence.some((item) => item.verdict === 'fail') ? 'fail' : 'pass';
  return { name: 'performance', verdict, reasons: reasons.map(formatPerformanceReason), evidence };
}

async function judgeRule(input: PerformanceInput, rule: PerformanceCheckRule): Promise<Judged> {
  const end = input.now;
  const start = input.rollout.at;
  const lengthMs = Math.max(0, end.getTime() - start.getTime());
  const beforeStart = new Date(start.getTime() - lengthMs);
  const stepSeconds = Math.max(parseDuration(rule.step) / 1000, Math.ceil(lengthMs / 1000 / MAX_POINTS));
  const evidence: PerformanceEvidence = {
    name: rule.name,
    query: rule.query,
    better: rule.better,
    tolerance: rule.tolerance,
    rollout: { at: start.toISOString(), from: input.rollout.from, ref: input.rollout.ref, ...(input.rollout.note ? { note: input.rollout.note } : {}) },
    before: { start: beforeStart.toISOString(), end: start.toISOString(), value: null, samples: 0 },
    after: { start: start.toISOString(), end: end.toISOString(), value: null, samples: 0 },
    ratio: null,
    verdict: 'fail',
  };
  const check = rule.name;
  try {
    evidence.query = fillTemplate(rule.query, input.vars);
  } catch (error) {
    return { evidence: { ...evidence, verdict: 'error' }, reasons: [{ code: 'PERF_TEMPLATE', args: { check, message: (error as Error).message } }] };
  }
  if (lengthMs < input.minWindowMs) {
    return { evidence, reasons: [{ code: 'PERF_WINDOW_SHORT', args: { check, elapsedMs: lengthMs, minWindowMs: input.minWindowMs } }] };
  }
  try {
    const [before, after] = await Promise.all([
      queryRange(input.endpoint, evidence.query, { start: beforeStart, end: start, stepSeconds }),
      queryRange(input.endpoint, evidence.query, { start, end, stepSeconds }),
    ]);
    return compare(evidence, { before: windowValue(before, stepSeconds), after: windowValue(after, stepSeconds) }, input.minWindowMs, check);
  } catch (error) {
    // A QueryError is Prometheus refusing the query; anything else queryRange throws is an
    // UnreachableError (or the deadline), worded by its message.
    const code = error instanceof QueryError ? 'PERF_QUERY_REJECTED' : 'PERF_UNREACHABLE';
    return { evidence: { ...evidence, verdict: 'error' }, reasons: [{ code, args: { check, message: (error as Error).message } }] };
  }
}

type Side = ReturnType<typeof windowValue>;

interface Judged {
  evidence: PerformanceEvidence;
  reasons: PerformanceReason[];
}

function compare(evidence: PerformanceEvidence, sides: { before: Side; after: Side }, minWindowMs: number, check: string): Judged {
  const reasons: PerformanceReason[] = [];
  for (const side of ['before', 'after'] as const) {
    const value = sides[side];
    if ('several' in value) {
      return { evidence: { ...evidence, verdict: 'error' as const }, reasons: [{ code: 'PERF_SEVERAL_SERIES', args: { check, series: value.several } }] };
    }
    evidence[side] = { ...evidence[side], value: value.value, samples: value.samples };
    if (value.samples === 0) reasons.push({ code: 'PERF_NO_SAMPLES', args: { check, side } });
    else if (value.spanMs < minWindowMs) reasons.push({ code: 'PERF_SAMPLES_SHORT', args: { check, side, spanMs: value.spanMs, minWindowMs } });
  }
  if (reasons.length > 0) return { evidence, reasons };
  const before = evidence.before.value!;
  const after = evidence.after.value!;
  evidence.ratio = before === 0 ? null : after / before;
  const regression = regressionPercent(before, after, evidence.better);
  if (regression <= evidence.tolerance) return { evidence: { ...evidence, verdict: 'pass' as const }, reasons };
  reasons.push({ code: 'PERF_REGRESSION', args: { check, regression, before, after, better: evidence.better, tolerance: evidence.tolerance } });
  return { evidence, reasons };
}
