import { describe, expect, it } from 'vitest';
import { registrationOutputsFrom } from '../../lifecycle-handlers/falcon/registration-results';

describe('registrationOutputsFrom', () => {
  const base = {
    intermediate_role_arn: 'arn:aws-us-gov:iam::358431324613:role/CrowdStrikeCSPMConnector',
    iam_role_arn: 'arn:aws-us-gov:iam::111111111111:role/falcon/CrowdStrikeCSPMReader-abc',
    external_id: 'ext-123',
  };

  it('takes the first of a comma-separated event bus list, and the bucket when present', () => {
    expect(
      registrationOutputsFrom({ ...base, eventbus_name: 'cs-bus-west, cs-bus-east', aws_cloudtrail_bucket_name: 'cs-trail' }),
    ).toEqual({
      crowdStrikeAccountId: '358431324613',
      intermediateRoleName: 'CrowdStrikeCSPMConnector',
      externalId: 'ext-123',
      readerRoleName: 'CrowdStrikeCSPMReader-abc',
      eventBusName: 'cs-bus-west',
      cloudTrailBucketName: 'cs-trail',
    });
  });

  it('leaves out an absent event bus (commercial AWS with GovCloud Falcon)', () => {
    expect(registrationOutputsFrom(base)).not.toHaveProperty('eventBusName');
  });

  it('says which field is missing or malformed', () => {
    expect(() => registrationOutputsFrom({ ...base, intermediate_role_arn: undefined })).toThrow(/no intermediate_role_arn/);
    expect(() => registrationOutputsFrom({ ...base, iam_role_arn: 'not-an-arn' })).toThrow(/unexpected iam_role_arn: not-an-arn/);
    expect(() => registrationOutputsFrom({ ...base, external_id: '' })).toThrow(/no external_id/);
  });
});
