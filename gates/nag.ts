/**
 * cdk-nag's AwsSolutions pack over every stack and ProductStack, with the reviewed suppressions applied.
 * A new finding makes `app.synth()` throw, so `npm run synth`, `cdk deploy` and the tests all stop on it.
 */
import { Annotations, App, Aspects, type IAspect, Stack, Validations } from 'aws-cdk-lib';
import { CfnManagedPolicy, CfnPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
// cdk-nag's own rendering of a policy resource in its findings, so both sides compare the same text.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { IConstruct } from 'constructs';
import type { Manifest } from '../manifest/schema';
import { NAG_SUPPRESSIONS, type NagSuppression } from './nag-suppressions';

export function addNagGate(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/** An IAM5 finding about a wildcard resource, e.g. `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::...:role/X*]`. */
const RESOURCE_FINDING = /IAM5\[Resource::(.+)\]$/;

interface Statement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Resource?: unknown;
}

function statementsOf(document: unknown): Statement[] {
  const statements = (document as { Statement?: Statement | Statement[] } | undefined)?.Statement;
  return statements === undefined ? [] : [statements].flat();
}

/**
 * Every action the IAM policies in `construct` (and below it) allow on `resource`, written as cdk-nag writes it in
 * a finding (cdk-nag's own flattening: `<AWS::Partition>`, `<LogicalId.Arn>`, ...).
 */
export function actionsOnResource(construct: IConstruct, resource: string): string[] {
  const actions = new Set<string>();
  for (const node of construct.node.findAll()) {
    const documents: unknown[] = [];
    if (node instanceof CfnPolicy || node instanceof CfnManagedPolicy) documents.push(node.policyDocument);
    if (node instanceof CfnRole) {
      const policies = Stack.of(node).resolve(node.policies) as { policyDocument?: unknown }[] | undefined;
      for (const policy of policies ?? []) documents.push(policy.policyDocument);
    }
    for (const document of documents) {
      for (const statement of statementsOf(Stack.of(node).resolve(document))) {
        if (statement.Effect !== 'Allow') continue;
        if (![statement.Resource].flat().some((r) => flattenCfnReference(r) === resource)) continue;
        for (const action of [statement.Action ?? []].flat()) actions.add(action);
      }
    }
  }
  return [...actions].sort();
}

/** The actions on `resource` in `construct` that `suppression` does not excuse (empty when it excuses them all). */
export function unexcusedActions(suppression: NagSuppression, construct: IConstruct, resource: string): string[] {
  const allowed = suppression.wildcardActions ?? [];
  return actionsOnResource(construct, resource).filter(
    (action) => !allowed.some((a) => (typeof a === 'string' ? a === action : a.test(action))),
  );
}

/**
 * Acknowledges the suppressions once the app is complete (an aspect runs at synth, after every grant was added):
 * a wildcard-resource (`IAM5[Resource::…]`) suppression only when every action on that resource in its construct
 * is one it names, so a new grant on an already-suppressed resource pattern stops synth.
 */
class SuppressionAspect implements IAspect {
  constructor(private readonly manifest: Manifest) {}

  visit(construct: IConstruct): void {
    for (const suppression of NAG_SUPPRESSIONS) {
      if (!suppression.path.test(construct.node.path)) continue;
      const id = typeof suppression.id === 'string' ? suppression.id : suppression.id({ construct, manifest: this.manifest });
      const resource = RESOURCE_FINDING.exec(id)?.[1];
      if (resource !== undefined) {
        const unexcused = unexcusedActions(suppression, construct, resource);
        if (unexcused.length > 0) {
          Annotations.of(construct).addWarningV2(
            'falcon-catalog:nag-suppression-void',
            `${id} is not suppressed: ${unexcused.join(', ')} on ${resource} ${unexcused.length === 1 ? 'is' : 'are'} not among the actions its reason covers`,
          );
          continue;
        }
      }
      Validations.of(construct).acknowledge({ id, reason: suppression.reason });
    }
  }
}

/** Applies every suppression whose path pattern matches a construct, when the app is synthesized. */
export function applyNagSuppressions(root: IConstruct, manifest: Manifest): void {
  Aspects.of(root).add(new SuppressionAspect(manifest));
}
