import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { AwsSimulator, parseOrgModel } from '../../simulator/index';

describe('org model loading and partitions', () => {
  it('reports every broken reference at once', () => {
    expect(() =>
      parseOrgModel({
        organization: { id: 'o-exampleorgid', managementAccountId: '111111111111', rootId: 'r-exmp' },
        organizationalUnits: [{ id: 'ou-exmp-11111111', name: 'A', parent: 'ou-exmp-99999999' }],
        accounts: [{ id: '222222222222', name: 'x', parent: 'ou-exmp-88888888' }],
      }),
    ).toThrow(/2 problem\(s\)[\s\S]*unknown parent ou-exmp-99999999[\s\S]*unknown parent ou-exmp-88888888/);
    expect(() => parseOrgModel('organization: { id: nope }')).toThrow(/organization\.id/);
  });

  it('builds every ARN from the partition (GovCloud)', async () => {
    const sim = AwsSimulator.fromOrgModel({
      organization: { id: 'o-govexample01', managementAccountId: '111111111111', rootId: 'r-gov1', partition: 'aws-us-gov' },
      accounts: [{ id: '222222222222', name: 'gov-app', parent: 'r-gov1' }],
    });
    const region = 'us-gov-west-1';
    const org = new OrganizationsClient({ region, ...sim.clientConfig({ accountId: '111111111111' }) });
    const { Organization } = await org.send(new DescribeOrganizationCommand({}));
    expect(Organization?.Arn).toBe('arn:aws-us-gov:organizations::111111111111:organization/o-govexample01');
    const sts = new STSClient({ region, ...sim.clientConfig({ accountId: '111111111111' }) });
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws-us-gov:iam::222222222222:role/AWSControlTowerExecution', RoleSessionName: 'gov' }));
    expect(assumed.AssumedRoleUser?.Arn).toBe('arn:aws-us-gov:sts::222222222222:assumed-role/AWSControlTowerExecution/gov');
    // A commercial-partition ARN does not exist in GovCloud.
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/AWSControlTowerExecution', RoleSessionName: 'gov' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(sim.calls.map((c) => c.region)).toEqual([region, region, region]);
  });
});
