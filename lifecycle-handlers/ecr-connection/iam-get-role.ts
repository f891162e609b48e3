/**
 * `iam:GetRole` over IAM's query API, signed with this package's SigV4 signer: the Lambda runtime's SDK would
 * do, but this package does not depend on the IAM client, and one read does not justify adding it.
 * Returns the role's trust policy (IAM URL-encodes it in the XML answer), or undefined for NoSuchEntity.
 */
import type { FetchLike } from '../broker-client/client';
import { AwsCredentials, signRequest } from '../broker-client/sigv4';
import type { TrustPolicyReader } from './role-readiness';

/** IAM is a global service with one endpoint, and one signing Region, per partition. */
const IAM_ENDPOINTS: Readonly<Record<string, { url: string; region: string }>> = {
  aws: { url: 'https://iam.amazonaws.com/', region: 'us-east-1' },
  'aws-us-gov': { url: 'https://iam.us-gov.amazonaws.com/', region: 'us-gov-west-1' },
};

export interface IamReaderOptions {
  readonly partition: string;
  readonly credentials: () => AwsCredentials;
  readonly fetch: FetchLike;
  readonly now?: () => Date;
}

function xmlElement(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

export function iamTrustPolicyReader(options: IamReaderOptions): TrustPolicyReader {
  const endpoint = IAM_ENDPOINTS[options.partition];
  if (!endpoint) throw new Error(`no IAM endpoint known for partition ${options.partition}`);
  return async (roleName) => {
    const body = new URLSearchParams({ Action: 'GetRole', RoleName: roleName, Version: '2010-05-08' }).toString();
    const headers = signRequest({
      method: 'POST',
      url: endpoint.url,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
      region: endpoint.region,
      service: 'iam',
      credentials: options.credentials(),
      now: (options.now ?? (() => new Date()))(),
    });
    const response = await options.fetch(endpoint.url, { method: 'POST', headers, body });
    const xml = await response.text();
    if (response.status === 404 && xmlElement(xml, 'Code') === 'NoSuchEntity') return undefined;
    if (response.status !== 200) {
      const reason = xmlElement(xml, 'Message') ?? `HTTP ${response.status}`;
      throw new Error(`iam:GetRole ${roleName} failed: ${xmlElement(xml, 'Code') ?? 'error'}: ${reason}`);
    }
    const encoded = xmlElement(xml, 'AssumeRolePolicyDocument');
    if (encoded === undefined) throw new Error(`iam:GetRole ${roleName} answered without a trust policy`);
    return decodeURIComponent(encoded);
  };
}
