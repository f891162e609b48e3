/**
 * The hub broker as a falcon-baseline stack reaches it: the real `handleBrokerRequest` with the blueprint settings
 * round-tripped through the broker's environment form, called by the baseline function's own session, and the
 * baseline custom resource's own request code (`readRequest`, `fetchProductParameters`) in front of it.
 */
import { fetchProductParameters, readRequest } from '../../lifecycle-handlers/blueprint/product-parameters';
import { handleBrokerRequest } from '../../lifecycle-handlers/falcon/broker';
import { blueprintSource, parseBlueprintSource } from '../../lifecycle-handlers/falcon/broker-blueprint';
import { AccountRateLimiter } from '../../lifecycle-handlers/falcon/broker-rate-limit';
import type { GuardedBrokerDeps } from '../../lifecycle-handlers/falcon/broker-request';
import { registrationSettings } from '../../lifecycle-handlers/falcon/registration-request';
import type { Manifest } from '../../manifest/schema';
import type { RegistrationOutputs } from '../../vocabulary';

export const ORG = 'o-exampleorgid';

/** A baseline function's session: a CloudFormation-named role of its Service Catalog stack, session = function name. */
export const baselineFunctionArn = (account: string) =>
  `arn:aws:sts::${account}:assumed-role/SC-${account}-pp-abcdefghijklm-ParametersFunctionRole-1A2B3C4D/falcon-baseline-parameters`;

export function brokerDepsFor(manifest: Manifest | undefined, registration: RegistrationOutputs): GuardedBrokerDeps {
  return {
    falcon: {
      run: () => {
        throw new Error('product-parameters must not call Falcon');
      },
    },
    readOutputs: async () => registration,
    settings: registrationSettings({
      OrganizationId: ORG,
      ManagementAccountId: '111111111111',
      FalconCloud: 'us-1',
      Partition: 'aws',
      HomeRegion: 'us-east-1',
      BehaviorAssessment: 'true',
      SensorManagement: 'true',
      IdentityProtection: 'false',
    }),
    partition: 'aws',
    // The broker reads the manifest from its environment: exercise the same reduce / re-parse round trip.
    blueprint: manifest ? parseBlueprintSource(blueprintSource(manifest)) : undefined,
    limiter: new AccountRateLimiter(),
    log: () => {},
  };
}

/** One broker request from the baseline function of `account`. */
export const askBroker = (account: string, body: Record<string, unknown>, deps: GuardedBrokerDeps) =>
  handleBrokerRequest(
    { callerAccountId: account, callerOrganizationId: ORG, callerArn: baselineFunctionArn(account), method: 'POST', body: JSON.stringify(body) },
    deps,
  );

/**
 * What one `Custom::FalconProductParameters` resource answers CloudFormation: its resource properties (as the
 * template sets them, references resolved) read and sent to the broker by the custom resource's own code.
 */
export async function customResourceAnswer(
  account: string,
  properties: Record<string, unknown>,
  deps: GuardedBrokerDeps,
): Promise<Record<string, string>> {
  return fetchProductParameters(readRequest(properties), async (body) => {
    const response = await askBroker(account, body, deps);
    if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${String(response.body.error)}`);
    return response.body;
  });
}
