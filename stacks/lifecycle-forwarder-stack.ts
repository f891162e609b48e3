/**
 * Forwards lifecycle events to where the lifecycle stack listens (hub account, home Region) from where AWS emits
 * them: Control Tower events in the management account's home Region, and Organizations API calls in the
 * partition's Organizations Region (us-east-1, or us-gov-west-1 in GovCloud). Deployed only where needed.
 */
import { Stack, StackProps } from 'aws-cdk-lib';
import { EventBus as EventBusRef, Rule } from 'aws-cdk-lib/aws-events';
import { EventBus } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { EventPattern } from 'aws-cdk-lib/aws-events';

export interface LifecycleForwarderStackProps extends StackProps {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly hubAccountId: string;
  readonly hubRegion: string;
  readonly patterns: Record<string, EventPattern>;
}

export class LifecycleForwarderStack extends Stack {
  constructor(scope: Construct, id: string, props: LifecycleForwarderStackProps) {
    super(scope, id, {
      ...props,
      env: { account: props.account, region: props.region },
      description: `CrowdStrike Falcon catalog: forwards lifecycle events to the hub (${props.hubAccountId}, ${props.hubRegion})`,
    });
    const hubBus = EventBusRef.fromEventBusArn(
      this,
      'HubBus',
      `arn:${props.partition}:events:${props.hubRegion}:${props.hubAccountId}:event-bus/default`,
    );
    for (const [name, pattern] of Object.entries(props.patterns)) {
      new Rule(this, name, {
        description: `Falcon catalog: forward ${name} to the lifecycle automation`,
        eventPattern: pattern,
        targets: [new EventBus(hubBus)],
      });
    }
  }
}
