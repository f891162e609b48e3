/**
 * Calls the Falcon hub broker from a member account: a SigV4-signed POST (service `lambda`) to its function URL
 * with the calling function's own credentials. The broker acts only on the account that signed the request.
 */
import { AwsCredentials, payloadHash, signRequest } from './sigv4';

/** `https://<id>.lambda-url.<region>.on.aws/`: the form Lambda gives every function URL. */
export const BROKER_URL_PATTERN = '^https://[a-z0-9]{1,64}\\.lambda-url\\.[a-z0-9-]{1,32}\\.on\\.aws/?$';

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{ status: number; text(): Promise<string> }>;

export interface BrokerCall {
  readonly url: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly credentials: AwsCredentials;
  readonly fetch: FetchLike;
  readonly now?: () => Date;
}

export class BrokerCallError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** The Region a function URL is served from, which is also its SigV4 signing Region. */
export function brokerRegion(url: string): string {
  if (!new RegExp(BROKER_URL_PATTERN).test(url)) {
    throw new Error(`not a Lambda function URL: ${url} (expected https://<id>.lambda-url.<region>.on.aws/)`);
  }
  return new URL(url).hostname.split('.')[2];
}

export async function callBroker(call: BrokerCall): Promise<Record<string, unknown>> {
  const body = JSON.stringify(call.body);
  const headers = signRequest({
    method: 'POST',
    url: call.url,
    headers: { 'content-type': 'application/json', 'x-amz-content-sha256': payloadHash(body) },
    body,
    region: brokerRegion(call.url),
    service: 'lambda',
    credentials: call.credentials,
    now: (call.now ?? (() => new Date()))(),
  });
  const response = await call.fetch(call.url, { method: 'POST', headers, body });
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new BrokerCallError(response.status, `the broker answered HTTP ${response.status} without JSON: ${text.slice(0, 200)}`);
  }
  if (response.status !== 200) {
    const reason = typeof parsed.error === 'string' ? parsed.error : text.slice(0, 200);
    throw new BrokerCallError(response.status, `the Falcon broker refused (HTTP ${response.status}): ${reason}`);
  }
  return parsed;
}

/** Credentials of the running Lambda function, from the variables the runtime sets. */
export function credentialsFromEnvironment(env: NodeJS.ProcessEnv = process.env): AwsCredentials {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = env;
  if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY) throw new Error('no AWS credentials in the environment');
  return {
    accessKeyId: AWS_ACCESS_KEY_ID,
    secretAccessKey: AWS_SECRET_ACCESS_KEY,
    ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}),
  };
}
