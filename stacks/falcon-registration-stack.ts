/**
 * The organisation's Falcon registration, as a custom resource on the FalconHub stack's Provider. A stack of its
 * own so that it is deployed after the operator has stored the Falcon API secret with the hub's key.
 */
import { CfnOutput, CustomResource, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FalconHubStack } from './falcon-hub-stack';

export interface FalconRegistrationStackProps extends StackProps {
  readonly hub: FalconHubStack;
}

export class FalconRegistrationStack extends Stack {
  readonly registration: CustomResource;

  constructor(scope: Construct, id: string, props: FalconRegistrationStackProps) {
    const { hub, ...rest } = props;
    super(scope, id, {
      ...rest,
      env: { account: hub.account, region: hub.region },
      description: 'CrowdStrike Falcon catalog: registration of the organisation with Falcon (needs the hub secret)',
    });
    this.registration = new CustomResource(this, 'OrganizationRegistration', {
      serviceToken: hub.registration.provider.serviceToken,
      resourceType: 'Custom::FalconOrganizationRegistration',
      properties: { ...hub.registrationProperties },
    });
    for (const name of ['CrowdStrikeAccountId', 'CrowdStrikeRoleName', 'ExternalId', 'ReaderRoleName']) {
      new CfnOutput(this, name, {
        value: this.registration.getAttString(name),
        description: `Falcon registration: ${name} (also in SSM under /falcon-catalog/registration/)`,
      });
    }
  }
}
