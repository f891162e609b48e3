/**
 * Turns the failures an operator causes by their environment (no credentials, a role that may not do something)
 * into one line saying what to fix, instead of the SDK's stack trace.
 */

interface AwsServiceError {
  readonly name: string;
  readonly message: string;
  readonly $metadata: { readonly httpStatusCode?: number };
}

const isServiceError = (cause: unknown): cause is AwsServiceError =>
  typeof cause === 'object' && cause !== null && '$metadata' in cause && 'name' in cause;

/** The message for an AWS failure, or undefined when `cause` is not one (a bug: let it surface). */
export function describeAwsFailure(cause: unknown): string | undefined {
  if (cause instanceof Error && cause.name === 'CredentialsProviderError') {
    return (
      'no AWS credentials found. Run it with credentials for the hub account (for example AWS_PROFILE=<profile> ' +
      'after `aws sso login`), or against the simulated landing zone with --org <org-model.yaml> ' +
      '(manifest/org-model.example.yaml is one).'
    );
  }
  if (isServiceError(cause)) {
    const denied = /AccessDenied|UnauthorizedOperation|NotAuthorized/.test(cause.name);
    const hint = denied ? ' The credentials in use may not do this: use the hub account\'s operator role.' : '';
    return `AWS refused a call: ${cause.name}: ${cause.message}.${hint}`;
  }
  return undefined;
}
