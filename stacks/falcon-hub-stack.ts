/**
 * The Falcon hub, in the hub account and home Region: the KMS key for the Falcon API secret (the secret itself is
 * referenced, never created), the registration function and Provider, and the broker with its function URL.
 *
 * The organisation registration custom resource is in a second stack, FalconRegistrationStack: it needs the
 * secret, and the secret can only be created once this stack's key exists (docs/falcon-hub.md has the order).
 */
import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { RegistrationResourceProperties } from '../lifecycle-handlers/falcon/registration-request';
import { hubAccountOf } from '../manifest/hub-account';
import type { Manifest } from '../manifest/schema';
import { blueprintSource } from '../lifecycle-handlers/falcon/broker-blueprint';
import { FalconBroker } from './constructs/falcon-broker';
import { FalconRegistrationProvider } from './constructs/falcon-registration';
import { FalconSecretKey, falconSecretReference } from './constructs/falcon-secret';

export interface FalconHubStackProps extends StackProps {
  readonly manifest: Manifest;
}

/** The registration's settings from the manifest; feature flags follow the products it enables. */
export function registrationProperties(manifest: Manifest): RegistrationResourceProperties {
  const enabled = (id: string) => String(manifest.products[id as keyof Manifest['products']]?.enabled === true);
  return {
    OrganizationId: manifest.organization.organizationId,
    ManagementAccountId: manifest.organization.managementAccountId,
    FalconCloud: manifest.falcon.cloud,
    Partition: manifest.organization.partition,
    HomeRegion: manifest.organization.homeRegion,
    BehaviorAssessment: enabled('threat-detection'),
    SensorManagement: enabled('sensor-management'),
    // No DSPM product is delivered by this package.
    Dspm: 'false',
    IdentityProtection: String(manifest.falcon.identityProtection),
  };
}

export class FalconHubStack extends Stack {
  readonly registration: FalconRegistrationProvider;
  readonly broker: FalconBroker;
  readonly secretKey: FalconSecretKey;
  readonly registrationProperties: RegistrationResourceProperties;

  constructor(scope: Construct, id: string, props: FalconHubStackProps) {
    const { manifest, ...rest } = props;
    super(scope, id, {
      ...rest,
      env: { account: hubAccountOf(manifest), region: manifest.organization.homeRegion },
      description: 'CrowdStrike Falcon catalog hub: Falcon API secret key, registration function, broker',
    });
    const secret = falconSecretReference(this, manifest);
    this.registrationProperties = registrationProperties(manifest);

    this.registration = new FalconRegistrationProvider(this, 'Registration', { secret, falconCloud: manifest.falcon.cloud });
    this.broker = new FalconBroker(this, 'Broker', {
      secret,
      organizationId: manifest.organization.organizationId,
      partition: manifest.organization.partition,
      registration: this.registrationProperties,
      blueprintSource: manifest.blueprint?.enabled ? blueprintSource(manifest) : undefined,
    });
    this.secretKey = new FalconSecretKey(this, 'ApiSecretKey', {
      secret,
      // Only these two: nothing outside them reads the organisation's client (the EKS installer has its own).
      decrypters: [this.registration.handler.role!, this.broker.handler.role!],
    });
  }
}
