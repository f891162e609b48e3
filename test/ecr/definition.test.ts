/** The ecr-connections registry entry: partitions, template parameters, the Regions the core hands it, the broker URL. */
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { desiredStateFor } from '../../lifecycle-handlers/core/desired-state';
import { BROKER_URL_PARAMETER, readHubOutputs, writeRegistrationOutputs } from '../../lifecycle-handlers/falcon/registration-outputs';
import { ECR_CONNECTIONS } from '../../products/ecr-connections/definition';
import { assessmentPrincipalArn } from '../../products/ecr-connections/principal';
import { FALCON_CLOUDS, type Partition } from '../../vocabulary';
import { exampleManifest } from '../helpers/example-app';
import { memorySsm } from '../falcon/support';
import { REGISTRATION, contextFor } from '../products/contexts';

const BROKER = 'https://abcdefghij0123456789abcdefghijkl.lambda-url.us-east-1.on.aws/';
const withBroker = { ...REGISTRATION, brokerUrl: BROKER };

describe('ecr-connections definition', () => {
  it('supports commercial→commercial and GovCloud→GovCloud, and refuses the cross-partition pairs with the reason', () => {
    const verdicts = (partition: Partition) =>
      Object.fromEntries(FALCON_CLOUDS.map((cloud) => [cloud, ECR_CONNECTIONS.unsupportedReason(partition, cloud) === undefined]));
    expect(verdicts('aws')).toEqual({ 'us-1': true, 'us-2': true, 'eu-1': true, 'us-gov-1': false, 'us-gov-2': false });
    expect(verdicts('aws-us-gov')).toEqual({ 'us-1': false, 'us-2': false, 'eu-1': false, 'us-gov-1': true, 'us-gov-2': true });
    expect(ECR_CONNECTIONS.unsupportedReason('aws', 'us-gov-2')).toMatch(/IAM rejects the aws-us-gov assessment role in a commercial trust policy/);
  });

  it('names CrowdStrike’s assessment principal of each partition', () => {
    expect(assessmentPrincipalArn('aws')).toBe('arn:aws:iam::292230061137:role/CrowdStrikeCustomerRegistryAssessmentRole');
    expect(assessmentPrincipalArn('aws-us-gov')).toBe('arn:aws-us-gov:iam::358431324613:role/CrowdStrikeCustomerRegistryAssessmentRole');
  });

  it('passes the broker URL, the assignment’s Regions, the Falcon cloud, the role name and the boundary', () => {
    const ctx = {
      ...contextFor({ registration: withBroker, assignment: { roleName: 'CrowdStrikeEcrTeamA', permissionsBoundaryPolicyName: 'Boundary' } }),
      assignmentRegions: ['us-east-1', 'eu-west-1'],
    };
    expect(ECR_CONNECTIONS.templateParameters(ctx)).toEqual({
      FalconBrokerUrl: BROKER,
      Regions: 'us-east-1,eu-west-1',
      FalconCloud: 'us-1',
      RoleName: 'CrowdStrikeEcrTeamA',
      PermissionsBoundaryPolicyName: 'Boundary',
    });
    const gov = { ...contextFor({ partition: 'aws-us-gov', registration: withBroker }), assignmentRegions: undefined };
    expect(ECR_CONNECTIONS.templateParameters(gov)).toMatchObject({ Regions: 'us-gov-west-1', FalconCloud: 'us-gov-1', RoleName: 'CrowdStrikeECRConnectionRole' });
  });

  it('refuses Regions outside the governed ones, a missing broker URL and a missing registration, each with the reason', () => {
    const ungoverned = { ...contextFor({ registration: withBroker }), assignmentRegions: ['us-east-1', 'ap-south-1'] };
    expect(() => ECR_CONNECTIONS.templateParameters(ungoverned)).toThrow('ecr-connections: ap-south-1 not in organization.governedRegions');
    expect(() => ECR_CONNECTIONS.templateParameters(contextFor({}))).toThrow(/broker URL \(SSM \/falcon-catalog\/broker\/url in the hub\)/);
    expect(() => ECR_CONNECTIONS.templateParameters(contextFor({ registration: null }))).toThrow(/deploy the Falcon hub stack first/);
  });

  it('accepts only role names the launch role may manage', () => {
    expect(ECR_CONNECTIONS.assignmentParameters.safeParse({ roleName: 'CrowdStrikeECR' }).success).toBe(true);
    expect(ECR_CONNECTIONS.assignmentParameters.safeParse({ roleName: 'AdminRole' }).success).toBe(false);
    expect(ECR_CONNECTIONS.assignmentParameters.safeParse({ regions: ['us-east-1'] }).success).toBe(false);
  });

  it('is desired once per account, in the home Region, with the Regions its assignment names', () => {
    const manifest = exampleManifest((m) => {
      m.products['ecr-connections'] = { enabled: true };
      m.assignments.push({
        name: 'ecr-governed',
        product: 'ecr-connections',
        targets: { organizationalUnits: ['Root/Workloads'], accounts: [], exclude: { organizationalUnits: [], accounts: [] } },
        regions: 'governed',
        parameters: {},
      });
    });
    const account = { id: '222222222222', status: 'ACTIVE' as const, ancestors: [{ id: 'r-root', path: 'Root' }, { id: 'ou-work', path: 'Root/Workloads' }] };
    const ecr = desiredStateFor(manifest, account, withBroker).items.filter((i) => i.productId === 'ecr-connections');
    expect(ecr.map((i) => [i.region, i.parameters.Regions])).toEqual([['us-east-1', 'us-east-1,us-west-2,eu-west-1']]);
  });
});

describe('readHubOutputs', () => {
  /** Parameter Store with GetParameter added to the Falcon tests' in-memory model. */
  function ssmWithGet() {
    const base = memorySsm();
    return {
      parameters: base.parameters,
      send: async (command: unknown) => {
        if (command instanceof GetParameterCommand) {
          const value = base.parameters.get(command.input.Name!);
          if (value === undefined) throw Object.assign(new Error('missing'), { name: 'ParameterNotFound' });
          return { Parameter: { Name: command.input.Name, Value: value } };
        }
        return base.send(command);
      },
    };
  }

  it('adds the broker URL the FalconHub stack publishes, and leaves it out until it exists', async () => {
    const ssm = ssmWithGet();
    await writeRegistrationOutputs(ssm, REGISTRATION);
    expect((await readHubOutputs(ssm)).brokerUrl).toBeUndefined();
    ssm.parameters.set(BROKER_URL_PARAMETER, BROKER);
    expect(await readHubOutputs(ssm)).toEqual({ ...REGISTRATION, brokerUrl: BROKER });
    // The registration writer never touches the broker's parameter.
    await writeRegistrationOutputs(ssm, REGISTRATION);
    expect(ssm.parameters.get(BROKER_URL_PARAMETER)).toBe(BROKER);
  });
});
