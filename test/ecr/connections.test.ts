/**
 * The ecr-connections custom resources end to end in-process: custom resource core → SigV4 broker client → real
 * broker core (caller account as Lambda's AWS_IAM auth reports it) → real Falcon client → fake Falcon API.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleEcrEvent } from '../../lifecycle-handlers/ecr-connection/custom-resource';
import { ECR_EXTERNAL_ID_PARAMETER } from '../../products/ecr-connections/definition';
import { FakeFalconServer } from '../fake-falcon/server';
import { hubClient } from '../falcon/support';
import {
  ACCOUNT, OTHER_ACCOUNT, ROLE_NAME, Harness, connectionsEvent, connectionsProperties, externalIdEvent, harness, roleArn,
} from './support';

const urlOf = (account: string, region: string) => `https://${account}.dkr.ecr.${region}.amazonaws.com`;

describe('ecr-connections custom resources against the broker and the fake Falcon API', () => {
  let fake: FakeFalconServer;
  let h: Harness;

  beforeAll(async () => {
    fake = await FakeFalconServer.start([hubClient()]);
  });
  afterAll(() => fake.stop());
  beforeEach(async () => {
    h = await harness(fake);
  });
  afterEach(() => {
    fake.clearFaults();
    fake.registries.clear();
    fake.requests.length = 0;
  });

  const registryUrls = () => [...fake.registries.values()].map((r) => r.url).sort();

  /** What CloudFormation does on create: external ID, then the role that trusts it, then the connections. */
  async function createStack(regions: string[], hiddenReads = 0) {
    const external = await handleEcrEvent(externalIdEvent('Create'), h.deps);
    expect(external.status).toBe('SUCCESS');
    h.iam.createRole(ROLE_NAME, external.data!.ExternalId, hiddenReads);
    return { external, connections: await handleEcrEvent(connectionsEvent('Create', connectionsProperties(regions)), h.deps) };
  }

  it('creates a cryptographic external ID once and returns the same one on update, hidden from the console', async () => {
    const first = await handleEcrEvent(externalIdEvent('Create'), h.deps);
    expect(first).toMatchObject({ status: 'SUCCESS', physicalResourceId: ECR_EXTERNAL_ID_PARAMETER, noEcho: true });
    expect(first.data!.ExternalId).toMatch(/^[0-9a-f]{64}$/);
    const again = await handleEcrEvent(externalIdEvent('Update', ECR_EXTERNAL_ID_PARAMETER), h.deps);
    expect(again.data!.ExternalId).toBe(first.data!.ExternalId);
    expect(JSON.stringify(h.logs)).not.toContain(first.data!.ExternalId);

    const removed = await handleEcrEvent(externalIdEvent('Delete', ECR_EXTERNAL_ID_PARAMETER), h.deps);
    expect(removed.status).toBe('SUCCESS');
    expect(h.store.values.size).toBe(0);
  });

  it('create: waits for the role with backoff, then connects every Region with the role and external ID', async () => {
    const { external, connections } = await createStack(['us-east-1', 'eu-west-1'], 3);
    expect(connections).toMatchObject({ status: 'SUCCESS', physicalResourceId: `falcon-ecr-connections-${ACCOUNT}` });
    expect(connections.data!.Regions).toBe('us-east-1,eu-west-1');
    expect(h.sleeps).toEqual([1000, 2000, 4000]);
    expect(registryUrls()).toEqual([urlOf(ACCOUNT, 'eu-west-1'), urlOf(ACCOUNT, 'us-east-1')]);
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path === '/container-security/entities/registries/v1');
    expect(posts.map((p) => p.body)).toEqual(
      ['us-east-1', 'eu-west-1'].map((region) => ({
        type: 'ecr',
        url: urlOf(ACCOUNT, region),
        user_defined_alias: `ecr-${ACCOUNT}-${region}`,
        credential: { details: { aws_iam_role: roleArn(), aws_external_id: external.data!.ExternalId } },
      })),
    );
    expect(connections.data!.RegistryIds.split(',').sort()).toEqual([...fake.registries.keys()].sort());
  });

  it('a repeated create (redelivery, or a second stack) never makes a duplicate connection', async () => {
    await createStack(['us-east-1', 'eu-west-1']);
    const before = new Map(fake.registries);
    const again = await handleEcrEvent(connectionsEvent('Create', connectionsProperties(['us-east-1', 'eu-west-1'])), h.deps);
    expect(again.status).toBe('SUCCESS');
    expect(fake.registries).toEqual(before);
    expect(h.logs.at(-1)).toMatchObject({ created: [], alreadyConnected: ['us-east-1', 'eu-west-1'] });
  });

  it('update: connects the Region added and disconnects the Region dropped, leaving the kept one as it was', async () => {
    await createStack(['us-east-1', 'eu-west-1']);
    const keptId = [...fake.registries.values()].find((r) => r.url === urlOf(ACCOUNT, 'eu-west-1'))!.id;
    const updated = await handleEcrEvent(
      connectionsEvent('Update', connectionsProperties(['eu-west-1', 'ap-southeast-2']), {
        PhysicalResourceId: `falcon-ecr-connections-${ACCOUNT}`,
        OldResourceProperties: connectionsProperties(['us-east-1', 'eu-west-1']),
      }),
      h.deps,
    );
    expect(updated).toMatchObject({ status: 'SUCCESS', physicalResourceId: `falcon-ecr-connections-${ACCOUNT}` });
    expect(registryUrls()).toEqual([urlOf(ACCOUNT, 'ap-southeast-2'), urlOf(ACCOUNT, 'eu-west-1')]);
    expect(fake.registries.has(keptId)).toBe(true);
  });

  it('update with a new role: the old connections are replaced by ones that use the new role', async () => {
    await createStack(['us-east-1']);
    h.iam.createRole('CrowdStrikeECRConnectionRole2', h.store.values.get(ECR_EXTERNAL_ID_PARAMETER)!);
    const newRole = roleArn(ACCOUNT, 'CrowdStrikeECRConnectionRole2');
    const updated = await handleEcrEvent(
      connectionsEvent('Update', connectionsProperties(['us-east-1'], { RoleArn: newRole }), {
        PhysicalResourceId: `falcon-ecr-connections-${ACCOUNT}`,
        OldResourceProperties: connectionsProperties(['us-east-1']),
      }),
      h.deps,
    );
    expect(updated.status).toBe('SUCCESS');
    expect([...fake.registries.values()].map((r) => r.credential_details.aws_iam_role)).toEqual([newRole]);
  });

  it('delete: removes exactly this account’s connections, through every page of the registry list', async () => {
    // 150 other registries: the broker must page (100 per page) to find this account's.
    for (let i = 0; i < 150; i++) {
      const id = `other-${i}`;
      fake.registries.set(id, { id, type: 'ecr', url: urlOf(OTHER_ACCOUNT, i % 2 ? 'us-east-1' : 'eu-west-1'), state: 'ok', created_at: '', credential_details: {} });
    }
    await createStack(['us-east-1', 'eu-west-1']);
    const deleted = await handleEcrEvent(
      connectionsEvent('Delete', connectionsProperties(['us-east-1', 'eu-west-1']), { PhysicalResourceId: `falcon-ecr-connections-${ACCOUNT}` }),
      h.deps,
    );
    expect(deleted.status).toBe('SUCCESS');
    expect(fake.registries.size).toBe(150);
    expect([...fake.registries.values()].every((r) => r.url.includes(OTHER_ACCOUNT))).toBe(true);
    expect(fake.requests.filter((r) => r.path === '/container-security/queries/registries/v1').some((r) => r.query.get('offset') === '100')).toBe(true);
  });

  it('a Falcon 5xx during create is FAILED with a clear message, and the connection already made is removed', async () => {
    const external = await handleEcrEvent(externalIdEvent('Create'), h.deps);
    h.iam.createRole(ROLE_NAME, external.data!.ExternalId);
    // The first Region connects; the second Region's POST fails on every retry of the broker's transport.
    const original = h.deps.broker;
    const deps = {
      ...h.deps,
      broker: (url: string) => async (body: Record<string, unknown>) => {
        if (body.action === 'connect-ecr-registry' && body.region === 'eu-west-1') {
          fake.injectServerErrors(10, { match: /^\/container-security\/entities\/registries\/v1$/, method: 'POST' });
        }
        return original(url)(body);
      },
    };
    const failed = await handleEcrEvent(connectionsEvent('Create', connectionsProperties(['us-east-1', 'eu-west-1'])), deps);
    expect(failed.status).toBe('FAILED');
    expect(failed.reason).toMatch(/^the Falcon broker refused \(HTTP 502\): Falcon API: Falcon API still failing after retries while connecting a container registry: Service temporarily unavailable\./);
    expect(failed.reason).toContain('Removed the connections made by this attempt: us-east-1.');
    expect(fake.registries.size).toBe(0);

    // CloudFormation's rollback then deletes the failed resource: nothing more is touched.
    fake.clearFaults();
    fake.registries.set('made-elsewhere', { id: 'made-elsewhere', type: 'ecr', url: urlOf(ACCOUNT, 'us-east-1'), state: 'ok', created_at: '', credential_details: {} });
    const rollback = await handleEcrEvent(
      connectionsEvent('Delete', connectionsProperties(['us-east-1', 'eu-west-1']), { PhysicalResourceId: failed.physicalResourceId }),
      h.deps,
    );
    expect(rollback.status).toBe('SUCCESS');
    expect(fake.registries.has('made-elsewhere')).toBe(true);
  });

  it('a caller cannot connect another account’s registry: the broker refuses and nothing is created', async () => {
    const external = await handleEcrEvent(externalIdEvent('Create'), h.deps);
    h.iam.createRole(ROLE_NAME, external.data!.ExternalId);
    const refused = await handleEcrEvent(
      connectionsEvent('Create', connectionsProperties(['us-east-1'], { RoleArn: roleArn(OTHER_ACCOUNT) })),
      h.deps,
    );
    expect(refused.status).toBe('FAILED');
    expect(refused.reason).toMatch(
      `the Falcon broker refused (HTTP 403): roleArn names account ${OTHER_ACCOUNT}, but the request was signed by account ${ACCOUNT}`,
    );
    // Even a hand-made request naming the other account is refused before Falcon is asked.
    const direct = h.deps.broker('https://abcdefghij0123456789abcdefghijkl.lambda-url.us-east-1.on.aws/');
    await expect(direct({ action: 'disconnect-ecr-registries', accountId: OTHER_ACCOUNT })).rejects.toThrow(/HTTP 403/);
    expect(fake.registries.size).toBe(0);
  });

  it('refuses a role that does not trust CrowdStrike with this account’s external ID, before calling the broker', async () => {
    await handleEcrEvent(externalIdEvent('Create'), h.deps);
    h.iam.createRole(ROLE_NAME, 'some-other-external-id');
    const refused = await handleEcrEvent(connectionsEvent('Create', connectionsProperties(['us-east-1'])), h.deps);
    expect(refused).toMatchObject({ status: 'FAILED', reason: expect.stringMatching(/does not trust .*CrowdStrikeCustomerRegistryAssessmentRole with this account's external ID/) });
    expect(h.brokerCalls).toEqual([]);
  });

  it('gives up waiting for a role IAM never shows, within the time budget, with a clear message', async () => {
    await handleEcrEvent(externalIdEvent('Create'), h.deps);
    const refused = await handleEcrEvent(connectionsEvent('Create', connectionsProperties(['us-east-1'])), h.deps);
    expect(refused).toMatchObject({ status: 'FAILED', reason: expect.stringMatching(/IAM role CrowdStrikeECRConnectionRole is still not visible after \d+ checks/) });
    expect(h.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(120_000);
    expect(Math.max(...h.sleeps)).toBe(8000);
    expect(h.brokerCalls).toEqual([]);
  });

  it('refuses commercial AWS with GovCloud Falcon before doing anything, with the reason', async () => {
    const refused = await handleEcrEvent(connectionsEvent('Create', connectionsProperties(['us-east-1'], { FalconCloud: 'us-gov-1' })), h.deps);
    expect(refused).toMatchObject({ status: 'FAILED', reason: expect.stringMatching(/IAM rejects the aws-us-gov assessment role in a commercial trust policy/) });
    expect(h.iam.reads).toBe(0);
  });
});
