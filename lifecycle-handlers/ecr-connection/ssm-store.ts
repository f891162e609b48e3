/**
 * The external ID kept in an SSM SecureString under the AWS-managed `aws/ssm` key. That key's policy lets any
 * principal of the account use it through SSM, so the function needs SSM rights on the one parameter only.
 */
import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { ExternalIdStore } from './external-id';

type SsmSender = Pick<SSMClient, 'send'>;

const named = (err: unknown, name: string) => (err as Error).name === name;

export function ssmExternalIdStore(ssm: SsmSender): ExternalIdStore {
  return {
    async get(name) {
      try {
        const answer = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
        return answer.Parameter?.Value || undefined;
      } catch (err) {
        if (named(err, 'ParameterNotFound')) return undefined;
        throw err;
      }
    },
    async putIfAbsent(name, value) {
      try {
        await ssm.send(
          new PutParameterCommand({
            Name: name,
            Value: value,
            Type: 'SecureString',
            Overwrite: false,
            Description: 'External ID of the CrowdStrike ECR registry assessment role (ecr-connections product)',
          }),
        );
        return true;
      } catch (err) {
        if (named(err, 'ParameterAlreadyExists')) return false;
        throw err;
      }
    },
    async remove(name) {
      try {
        await ssm.send(new DeleteParameterCommand({ Name: name }));
      } catch (err) {
        if (!named(err, 'ParameterNotFound')) throw err;
      }
    },
  };
}
