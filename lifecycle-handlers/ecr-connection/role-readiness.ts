/**
 * Waits until the registry assessment role is visible in IAM with the trust policy this product wrote, polling
 * `iam:GetRole` with exponential backoff up to a deadline, instead of the reference's fixed 60-second sleep.
 *
 * IAM is eventually consistent: CloudFormation reports the role created before every IAM endpoint serves it, and
 * Falcon checks the role when the connection is made. Seeing the role, with CrowdStrike's principal and this
 * account's external ID in its trust policy, is the observable sign that it has propagated.
 */

/** The role's trust policy as JSON text, or undefined while IAM does not (yet) know the role. */
export type TrustPolicyReader = (roleName: string) => Promise<string | undefined>;

export interface ReadinessOptions {
  readonly readTrustPolicy: TrustPolicyReader;
  readonly sleep: (ms: number) => Promise<void>;
  /** Milliseconds the caller can still spend waiting (the Lambda's remaining time minus its reserve). */
  readonly budgetMs: () => number;
  readonly firstDelayMs?: number;
  readonly maxDelayMs?: number;
}

export class RoleNotReadyError extends Error {}

export async function waitForRole(
  roleName: string,
  expected: { readonly principalArn: string; readonly externalId: string },
  options: ReadinessOptions,
): Promise<{ readonly attempts: number }> {
  let delay = options.firstDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 8000;
  for (let attempt = 1; ; attempt++) {
    const document = await options.readTrustPolicy(roleName);
    if (document !== undefined) {
      assertTrusts(roleName, document, expected);
      return { attempts: attempt };
    }
    if (options.budgetMs() < delay) {
      throw new RoleNotReadyError(
        `IAM role ${roleName} is still not visible after ${attempt} checks; try the update again in a few minutes`,
      );
    }
    await options.sleep(delay);
    delay = Math.min(delay * 2, maxDelay);
  }
}

/** Refuses a role that does not trust CrowdStrike with this account's external ID: Falcon could never use it. */
function assertTrusts(roleName: string, document: string, expected: { principalArn: string; externalId: string }): void {
  let statements: unknown[];
  try {
    const parsed = JSON.parse(document) as { Statement?: unknown };
    statements = [parsed.Statement ?? []].flat();
  } catch {
    throw new Error(`IAM role ${roleName} has a trust policy that is not JSON`);
  }
  const trusted = statements.some((s) => {
    const text = JSON.stringify(s);
    return text.includes(JSON.stringify(expected.principalArn)) && text.includes(JSON.stringify(expected.externalId));
  });
  if (!trusted) {
    throw new Error(
      `IAM role ${roleName} does not trust ${expected.principalArn} with this account's external ID; ` +
        'it was changed outside this product',
    );
  }
}
