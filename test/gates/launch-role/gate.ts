/**
 * The launch-role gate: evaluates every call of a stack operation against the launch role's policies.
 */
import type { StackPlace } from './cfn-values';
import { evaluate, type Decision, type PolicyDocument } from './policy-evaluator';
import { stackOperationCalls, type StackCall, type StackCalls } from './stack-calls';
import type { TemplateInstance } from './template-instance';

export interface Denial {
  readonly source: string;
  readonly action: string;
  readonly resource: string;
  readonly decision: Exclude<Decision, 'allowed'>;
  readonly context?: StackCall['request']['context'];
}

export interface GateResult extends StackCalls {
  readonly denied: readonly Denial[];
}

export function deniedCalls(policies: readonly PolicyDocument[], calls: readonly StackCall[]): Denial[] {
  const denied: Denial[] = [];
  for (const call of calls) {
    const { decision } = evaluate(policies, call.request);
    if (decision === 'allowed') continue;
    const { action, resource, context } = call.request;
    denied.push({ source: call.source, action, resource, decision, ...(Object.keys(context).length > 0 ? { context } : {}) });
  }
  return denied;
}

/** `from` undefined: a launch; `to` undefined: a terminate; both: an update (to another version or the same). */
export async function gateStackOperation(
  policies: readonly PolicyDocument[],
  from: TemplateInstance | undefined,
  to: TemplateInstance | undefined,
): Promise<GateResult> {
  const calls = await stackOperationCalls(from, to);
  return { ...calls, denied: deniedCalls(policies, calls.calls) };
}

/** One line per denial, for a failure message a reader can act on. */
export function describeDenials(place: StackPlace, denied: readonly Denial[]): string[] {
  return denied.map(
    (d) => `${place.partition}/${place.region} ${d.source}: ${d.action} on ${d.resource}${d.context ? ` ${JSON.stringify(d.context)}` : ''} (${d.decision})`,
  );
}
