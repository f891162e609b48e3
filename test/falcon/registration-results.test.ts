import { describe, expect, it } from 'vitest';
import { registrationOutputsFrom } from '../../lifecycle-handlers/falcon/registration-results';

describe('registrationOutputsFrom (cloud registration answer)', () => {
  const metadata = {
    intermediate_role_arn: 'arn:aws-us-gov:iam::358431324613:role/CrowdStrikeCSPMConnector',
    iam_role_arn: 'arn:aws-us-gov:iam::111111111111:role/falcon/CrowdStrikeCSPMReader-abc',
    external_id: 'ext-123',
  };
  const account = (extra: Record<string, unknown> = {}) => ({ account_id: '111111111111', resource_metadata: { ...metadata, ...extra } });

  it('keeps every bus of a GovCloud tenant, one per Region, preferring the ARNs, and the bucket when present', () => {
    const arns =
      'arn:aws-us-gov:events:us-gov-west-1:358431324613:event-bus/cs-west, arn:aws-us-gov:events:us-gov-east-1:358431324613:event-bus/cs-east';
    expect(
      registrationOutputsFrom(account({ eventbus_name: 'cs-west, cs-east', aws_eventbus_arn: arns, aws_cloudtrail_bucket_name: 'cs-trail' })),
    ).toEqual({
      crowdStrikeAccountId: '358431324613',
      intermediateRoleName: 'CrowdStrikeCSPMConnector',
      externalId: 'ext-123',
      readerRoleName: 'CrowdStrikeCSPMReader-abc',
      eventBusName: arns.replace(', ', ','),
      cloudTrailBucketName: 'cs-trail',
    });
    expect(registrationOutputsFrom(account({ eventbus_name: ' cs-west,, cs-east ' })).eventBusName).toBe('cs-west,cs-east');
  });

  it('leaves out an absent event bus (commercial AWS with GovCloud Falcon)', () => {
    expect(registrationOutputsFrom(account())).not.toHaveProperty('eventBusName');
    expect(registrationOutputsFrom(account({ eventbus_name: '', aws_eventbus_arn: ' ' }))).not.toHaveProperty('eventBusName');
  });

  it('says which field is missing or malformed', () => {
    expect(() => registrationOutputsFrom(account({ intermediate_role_arn: undefined }))).toThrow(/no resource_metadata.intermediate_role_arn/);
    expect(() => registrationOutputsFrom(account({ iam_role_arn: 'not-an-arn' }))).toThrow(/unexpected resource_metadata.iam_role_arn: not-an-arn/);
    expect(() => registrationOutputsFrom(account({ external_id: '' }))).toThrow(/no resource_metadata.external_id/);
    expect(() => registrationOutputsFrom({ account_id: '111111111111' })).toThrow(/no resource_metadata.intermediate_role_arn/);
  });
});
