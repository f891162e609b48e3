import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { describe, expect, it } from 'vitest';
import { APP_PROD, MANAGEMENT, REGION, SUSPENDED, exampleSimulator } from './fixtures';

describe('STS through the real SDK client (awsQuery)', () => {
  it('assumes an existing role and the new credentials identify the assumed role', async () => {
    const sim = exampleSimulator();
    const sts = new STSClient({ region: REGION, ...sim.clientConfig({ accountId: MANAGEMENT, roleName: 'hub-role' }) });
    const assumed = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${APP_PROD}:role/AWSControlTowerExecution`, RoleSessionName: 'falcon-lifecycle' }),
    );
    expect(assumed.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${APP_PROD}:assumed-role/AWSControlTowerExecution/falcon-lifecycle`);
    expect(assumed.Credentials?.Expiration).toBeInstanceOf(Date);
    const c = assumed.Credentials!;
    const memberSts = new STSClient({
      region: REGION,
      credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! },
      requestHandler: sim.requestHandler,
      retryStrategy: sim.retryStrategy,
    });
    const me = await memberSts.send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe(APP_PROD);
    expect(me.Arn).toBe(assumed.AssumedRoleUser?.Arn);
    expect(sim.calls.at(-1)).toMatchObject({ service: 'sts', operation: 'GetCallerIdentity', callerAccount: APP_PROD, callerRole: 'AWSControlTowerExecution' });
  });

  it('denies a missing role, a deleted role and a suspended account with AccessDenied', async () => {
    const sim = exampleSimulator();
    const sts = new STSClient({ region: REGION, ...sim.clientConfig({ accountId: MANAGEMENT }) });
    const assume = (account: string, role: string) =>
      sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${role}`, RoleSessionName: 'test' }));
    const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: STSServiceException) => e.name);
    expect(await codeOf(assume(APP_PROD, 'NoSuchRole'))).toBe('AccessDenied');
    sim.iam.deleteRole(APP_PROD, 'AWSControlTowerExecution');
    expect(await codeOf(assume(APP_PROD, 'AWSControlTowerExecution'))).toBe('AccessDenied');
    sim.iam.createRole(APP_PROD, 'AWSControlTowerExecution');
    expect(await codeOf(assume(APP_PROD, 'AWSControlTowerExecution'))).toBe('ok');
    expect(await codeOf(assume(SUSPENDED, 'AWSControlTowerExecution'))).toBe('AccessDenied');
    // Role paths are part of the ARN, as in IAM.
    expect(await codeOf(assume(APP_PROD, 'AWSReservedSSO_AWSAdministratorAccess_0123456789abcdef'))).toBe('AccessDenied');
    expect(await codeOf(assume(APP_PROD, 'aws-reserved/sso.amazonaws.com/AWSReservedSSO_AWSAdministratorAccess_0123456789abcdef'))).toBe('ok');
  });

  it('rejects access keys the simulator never minted', async () => {
    const sim = exampleSimulator();
    const org = new OrganizationsClient({
      region: REGION,
      credentials: { accessKeyId: 'AKIAFORGEDFORGED0000', secretAccessKey: 'x' },
      requestHandler: sim.requestHandler,
      retryStrategy: sim.retryStrategy,
    });
    await expect(org.send(new DescribeOrganizationCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
  });
});
