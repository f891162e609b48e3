import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { describe, expect, it } from 'vitest';
import { APP_DEV, APP_PROD, MANAGEMENT, REGION, SUSPENDED, exampleSimulator } from './fixtures';

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
    sim.iam.enrolInControlTower(APP_PROD, MANAGEMENT);
    expect(await codeOf(assume(APP_PROD, 'AWSControlTowerExecution'))).toBe('ok');
    expect(await codeOf(assume(SUSPENDED, 'AWSControlTowerExecution'))).toBe('AccessDenied');
    // Role paths are part of the ARN, as in IAM.
    const sso = 'aws-reserved/sso.amazonaws.com/AWSReservedSSO_AWSAdministratorAccess_0123456789abcdef';
    sim.iam.createRole(APP_PROD, sso, { accounts: [MANAGEMENT], roleArns: [] });
    expect(await codeOf(assume(APP_PROD, 'AWSReservedSSO_AWSAdministratorAccess_0123456789abcdef'))).toBe('AccessDenied');
    expect(await codeOf(assume(APP_PROD, sso))).toBe('ok');
  });

  // https://docs.aws.amazon.com/controltower/latest/userguide/awscontroltowerexecution.html: the role is in
  // enrolled member accounts and trusts the management account only.
  it('refuses what AWS refuses: AWSControlTowerExecution from another account, in the management account, or unenrolled', async () => {
    const sim = exampleSimulator();
    const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: STSServiceException) => e.name);
    const assumeAs = (caller: string, account: string, role = 'AWSControlTowerExecution') =>
      new STSClient({ region: REGION, ...sim.clientConfig({ accountId: caller, roleName: 'FalconCatalogLifecycle' }) }).send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${role}`, RoleSessionName: 'lifecycle' }),
      );
    expect(await codeOf(assumeAs(MANAGEMENT, APP_PROD))).toBe('ok');
    // A separate hub (a member account) is not trusted by another member's execution role.
    expect(await codeOf(assumeAs(APP_DEV, APP_PROD))).toBe('AccessDenied');
    // The management account has no execution role, whoever asks.
    expect(sim.iam.hasRole(MANAGEMENT, 'AWSControlTowerExecution')).toBe(false);
    expect(await codeOf(assumeAs(MANAGEMENT, MANAGEMENT))).toBe('AccessDenied');
    // A role trusting one role ARN admits that role and no other principal of its account.
    sim.iam.createRole(MANAGEMENT, 'Bridge', { accounts: [], roleArns: [`arn:aws:iam::${APP_DEV}:role/FalconCatalogLifecycle`] });
    expect(await codeOf(assumeAs(APP_DEV, MANAGEMENT, 'Bridge'))).toBe('ok');
    const other = new STSClient({ region: REGION, ...sim.clientConfig({ accountId: APP_DEV, roleName: 'Developer' }) });
    expect(
      await codeOf(other.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MANAGEMENT}:role/Bridge`, RoleSessionName: 'other' }))),
    ).toBe('AccessDenied');
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
  it('limits a chained session to one hour', async () => {
    const sim = exampleSimulator();
    const sts = new STSClient({ region: REGION, ...sim.clientConfig({ accountId: MANAGEMENT }) });
    const request = (DurationSeconds: number) =>
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${APP_PROD}:role/AWSControlTowerExecution`, RoleSessionName: 'chained', DurationSeconds });
    await expect(sts.send(request(7200))).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/1 hour session limit for roles assumed by role chaining/),
    });
    const ok = await sts.send(request(3600));
    expect(ok.Credentials!.Expiration!.getTime() - sim.clock.now()).toBe(3_600_000);
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
