/** iam:GetRole over IAM's query API: signed for IAM's endpoint in each partition, answers read from IAM's XML. */
import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../../lifecycle-handlers/broker-client/client';
import { iamTrustPolicyReader } from '../../lifecycle-handlers/ecr-connection/iam-get-role';

const credentials = () => ({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}';

function iamAnswering(status: number, xml: string) {
  const seen: { url: string; headers: Record<string, string>; body: string }[] = [];
  const fetch: FetchLike = async (url, init) => {
    seen.push({ url, headers: init.headers, body: init.body });
    return { status, text: async () => xml };
  };
  return { fetch, seen };
}

describe('iamTrustPolicyReader', () => {
  it('signs GetRole for IAM in the partition and returns the decoded trust policy', async () => {
    const { fetch, seen } = iamAnswering(
      200,
      `<GetRoleResponse><GetRoleResult><Role><RoleName>R</RoleName><AssumeRolePolicyDocument>${encodeURIComponent(TRUST)}</AssumeRolePolicyDocument></Role></GetRoleResult></GetRoleResponse>`,
    );
    const read = iamTrustPolicyReader({ partition: 'aws-us-gov', credentials, fetch, now: () => new Date('2026-01-02T03:04:05Z') });
    expect(await read('CrowdStrikeECRConnectionRole')).toBe(TRUST);
    expect(seen[0].url).toBe('https://iam.us-gov.amazonaws.com/');
    expect(seen[0].body).toBe('Action=GetRole&RoleName=CrowdStrikeECRConnectionRole&Version=2010-05-08');
    expect(seen[0].headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE\/20260102\/us-gov-west-1\/iam\/aws4_request, /);
    expect(seen[0].headers['x-amz-security-token']).toBe('token');
  });

  it('reports a role IAM does not know yet as absent, and any other error with IAM’s code and message', async () => {
    const missing = iamAnswering(404, '<ErrorResponse><Error><Code>NoSuchEntity</Code><Message>not found</Message></Error></ErrorResponse>');
    expect(await iamTrustPolicyReader({ partition: 'aws', credentials, fetch: missing.fetch })('R')).toBeUndefined();
    expect(missing.seen[0].url).toBe('https://iam.amazonaws.com/');

    const denied = iamAnswering(403, '<ErrorResponse><Error><Code>AccessDenied</Code><Message>not authorized to perform iam:GetRole</Message></Error></ErrorResponse>');
    await expect(iamTrustPolicyReader({ partition: 'aws', credentials, fetch: denied.fetch })('R')).rejects.toThrow(
      'iam:GetRole R failed: AccessDenied: not authorized to perform iam:GetRole',
    );
    expect(() => iamTrustPolicyReader({ partition: 'aws-cn', credentials, fetch: denied.fetch })).toThrow(/no IAM endpoint/);
  });
});
