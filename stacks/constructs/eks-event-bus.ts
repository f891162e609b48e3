/**
 * The hub's EKS event bus: member accounts' rules put their EKS CloudTrail events here. Only principals of this
 * organisation may put events (the reference let anyone with the org ID condition on `*` but wrote an `arn:aws`
 * policy ARN; this one is partition-aware). A rule on the bus sends each event to the work queue.
 */
import { Stack } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { AnyPrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EKS_CLUSTER_EVENT_PATTERN, EKS_HUB_EVENT_BUS_NAME } from '../../products/eks-protection/names';

export interface EksEventBusProps {
  readonly organizationId: string;
  readonly workQueue: IQueue;
  /** Where events that cannot be delivered to the queue are kept. */
  readonly deadLetterQueue: IQueue;
}

export class EksEventBus extends Construct {
  readonly bus: EventBus;

  constructor(scope: Construct, id: string, props: EksEventBusProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Fixed name: member product templates address the bus by name, and a published version cannot change.
    this.bus = new EventBus(this, 'Bus', { eventBusName: EKS_HUB_EVENT_BUS_NAME });
    this.bus.addToResourcePolicy(
      new PolicyStatement({
        sid: 'OrganizationAccountsPutEksEvents',
        principals: [new AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [`arn:${stack.partition}:events:${stack.region}:${stack.account}:event-bus/${EKS_HUB_EVENT_BUS_NAME}`],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
      }),
    );
    new Rule(this, 'ClusterEvents', {
      eventBus: this.bus,
      description: 'Falcon EKS Protection: new clusters and Fargate profiles in member accounts, to the work queue',
      eventPattern: EKS_CLUSTER_EVENT_PATTERN,
      targets: [new SqsQueue(props.workQueue, { deadLetterQueue: props.deadLetterQueue, retryAttempts: 8 })],
    });
  }
}
