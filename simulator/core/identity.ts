import type { AwsCredentialIdentity } from '@smithy/types';

/** Who is calling: decoded from the access key id the simulator minted. */
export interface CallerIdentity {
  account: string;
  role: string;
  session: string;
  /** arn:<partition>:sts::<account>:assumed-role/<role>/<session> */
  arn: string;
}

/**
 * Mints opaque credentials and remembers which identity each access key id stands for. The SigV4 signature
 * itself is not verified (the SDK computes a real one, but checking it buys nothing in-process); the access key
 * id in the signing scope is the identity, and an unknown one is rejected like a forged key.
 */
export class CredentialTable {
  private readonly byAccessKey = new Map<string, CallerIdentity>();
  private minted = 0;

  constructor(private readonly partition: string) {}

  mint(account: string, role: string, session: string, expiresAt?: Date): AwsCredentialIdentity {
    this.minted += 1;
    // ASIA + 16 characters, like real temporary credentials.
    const accessKeyId = `ASIA${this.minted.toString(36).toUpperCase().padStart(16, '0')}`;
    this.byAccessKey.set(accessKeyId, {
      account,
      role,
      session,
      arn: `arn:${this.partition}:sts::${account}:assumed-role/${role}/${session}`,
    });
    return {
      accessKeyId,
      secretAccessKey: `simulated-secret-${accessKeyId}`,
      sessionToken: `simulated-session-token-${accessKeyId}`,
      ...(expiresAt ? { expiration: expiresAt } : {}),
    };
  }

  resolve(accessKeyId: string): CallerIdentity | undefined {
    return this.byAccessKey.get(accessKeyId);
  }
}
