/** Shared set-up of the Falcon tests: a fake Falcon server, clients pointed at it, in-memory SSM and secrets. */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { DeleteParameterCommand, GetParametersByPathCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { FalconApi } from '../../lifecycle-handlers/falcon/client';
import { FalconCredentialsCache } from '../../lifecycle-handlers/falcon/credentials';
import { FalconSession } from '../../lifecycle-handlers/falcon/session';
import type { RetryPolicy } from '../../lifecycle-handlers/falcon/transport';
import { ALL_SCOPES, FakeClient, FakeFalconServer } from '../fake-falcon/server';

export const CLIENT_ID = 'hubclientid0123456789abcdef0000';
/** Looks like nothing else in the tests, so a leak is easy to find. */
export const CLIENT_SECRET = 'S3NTINEL-falcon-client-secret-do-not-log-7f3a';

export function hubClient(scopes: string[] = ALL_SCOPES): FakeClient {
  return { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes: [...scopes] };
}

export interface TestApi {
  readonly api: FalconApi;
  /** Every wait the transport asked for, in ms (tests never really wait). */
  readonly sleeps: number[];
}

export function apiFor(
  fake: FakeFalconServer,
  credentials = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
  policy: Partial<RetryPolicy> = { maxAttempts: 5 },
): TestApi {
  const sleeps: number[] = [];
  const api = new FalconApi({
    cloud: 'us-1',
    credentials,
    baseUrl: fake.baseUrl,
    transport: { policy, sleep: async (ms) => void sleeps.push(ms) },
  });
  return { api, sleeps };
}

/** A secret store holding one value, as Secrets Manager's `send` would answer it. */
export function memorySecrets(value: () => string | undefined) {
  const reads: string[] = [];
  return {
    reads,
    send: async (command: unknown) => {
      if (!(command instanceof GetSecretValueCommand)) throw new Error('unexpected Secrets Manager command');
      reads.push(command.input.SecretId ?? '');
      const secretString = value();
      if (secretString === undefined) throw Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' });
      return { SecretString: secretString };
    },
  };
}

export function sessionFor(fake: FakeFalconServer, secretValue: () => string | undefined = () => secretJson(), cloud = 'us-1') {
  const secrets = memorySecrets(secretValue);
  const cache = new FalconCredentialsCache(secrets as never, 'falcon/api-client');
  const sleeps: number[] = [];
  const session = new FalconSession(
    cache,
    (credentials) =>
      new FalconApi({
        cloud,
        credentials,
        baseUrl: fake.baseUrl,
        transport: { policy: { maxAttempts: 4 }, sleep: async (ms) => void sleeps.push(ms) },
      }),
  );
  return { session, secrets, sleeps };
}

export const secretJson = (clientId = CLIENT_ID, clientSecret = CLIENT_SECRET) =>
  JSON.stringify({ client_id: clientId, client_secret: clientSecret });

/** Parameter Store in memory: GetParametersByPath (one level, paged by 2), PutParameter, DeleteParameter. */
export function memorySsm() {
  const parameters = new Map<string, string>();
  return {
    parameters,
    send: async (command: unknown): Promise<unknown> => {
      if (command instanceof PutParameterCommand) {
        const { Name, Value, Overwrite, Type } = command.input;
        if (Type !== 'String') throw new Error(`only String parameters expected, got ${Type}`);
        if (parameters.has(Name!) && !Overwrite) throw Object.assign(new Error('exists'), { name: 'ParameterAlreadyExists' });
        parameters.set(Name!, Value!);
        return {};
      }
      if (command instanceof DeleteParameterCommand) {
        if (!parameters.delete(command.input.Name!)) throw Object.assign(new Error('missing'), { name: 'ParameterNotFound' });
        return {};
      }
      if (command instanceof GetParametersByPathCommand) {
        const path = command.input.Path!.endsWith('/') ? command.input.Path! : `${command.input.Path}/`;
        const names = [...parameters.keys()].filter((n) => n.startsWith(path) && !n.slice(path.length).includes('/')).sort();
        const start = Number(command.input.NextToken ?? 0);
        const page = names.slice(start, start + 2);
        return {
          Parameters: page.map((n) => ({ Name: n, Value: parameters.get(n), Type: 'String' })),
          NextToken: start + 2 < names.length ? String(start + 2) : undefined,
        };
      }
      throw new Error('unexpected SSM command');
    },
  };
}
