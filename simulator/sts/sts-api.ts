import { AwsApiError } from '../core/errors';
import type { CredentialTable } from '../core/identity';
import type { VirtualClock } from '../core/clock';
import type { IamState } from '../iam/iam-state';
import { AwsQueryCodec } from '../protocols/aws-query';
import { InputReader } from '../transport/input';
import type { CallContext, Input, SimulatedService } from '../transport/service';

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const ROLE_ARN = /^arn:([^:]+):iam::(\d{12}):role\/(.+)$/;

export interface StsDeps {
  iam: IamState;
  credentials: CredentialTable;
  clock: VirtualClock;
  /** False for accounts that cannot be entered (suspended, or not in the organisation). */
  accountIsOpen: (account: string) => boolean;
}

/**
 * STS (awsQuery): AssumeRole succeeds only when the role exists in the target account, the account is open,
 * and the role's trust policy names the caller's account or role; the caller's own identity policy is not
 * modelled. GetCallerIdentity reports the assumed-role ARN the credentials stand for.
 */
export function stsService(deps: StsDeps): SimulatedService {
  return {
    signingName: 'sts',
    codec: new AwsQueryCodec('https://sts.amazonaws.com/doc/2011-06-15/'),
    errorCodes: { accessDenied: 'AccessDenied', throttling: 'Throttling', unknownCaller: 'InvalidClientTokenId' },
    operations: {
      AssumeRole: (input: Input, ctx: CallContext) => assumeRole(deps, new InputReader(input, 'ValidationError'), ctx),
      GetCallerIdentity: (_input: Input, ctx: CallContext) => ({
        UserId: `${roleIdOf(ctx.caller.account, ctx.caller.role)}:${ctx.caller.session}`,
        Account: ctx.caller.account,
        Arn: ctx.caller.arn,
      }),
    },
  };
}

function assumeRole(deps: StsDeps, r: InputReader, ctx: CallContext) {
  const roleArn = r.string('RoleArn');
  const sessionName = r.string('RoleSessionName');
  if (!SESSION_NAME.test(sessionName)) {
    throw r.invalid(`1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]{2,64}`);
  }
  const duration = r.optionalNumber('DurationSeconds') ?? 3600;
  if (duration < 900 || duration > 43_200) throw r.invalid(`DurationSeconds must be between 900 and 43200, got ${duration}`);
  const match = ROLE_ARN.exec(roleArn);
  if (!match) throw r.invalid(`${roleArn} is not a valid role ARN`);
  const [, partition, account, rolePath] = match;
  const denied = () =>
    new AwsApiError('AccessDenied', `User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
  if (partition !== ctx.partition || !deps.accountIsOpen(account)) throw denied();
  const roleName = rolePath.slice(rolePath.lastIndexOf('/') + 1);
  const role = deps.iam.getRole(account, roleName);
  if (!role || role.arn !== roleArn) throw denied();
  // The role's trust policy must name the caller's account (its root) or the caller's role.
  const callerRoleArn = deps.iam.getRole(ctx.caller.account, ctx.caller.role)?.arn;
  const trusted =
    role.trust.accounts.includes(ctx.caller.account) || (callerRoleArn !== undefined && role.trust.roleArns.includes(callerRoleArn));
  if (!trusted) throw denied();
  // Every caller here holds role-session credentials, so every AssumeRole is role chaining: at most one hour.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
  if (duration > 3600) {
    throw r.invalid(`The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.`);
  }
  if (duration > role.maxSessionDuration) {
    throw r.invalid(`The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`);
  }

  const expiration = new Date(deps.clock.now() + duration * 1000);
  const credentials = deps.credentials.mint(account, role.name, sessionName, expiration);
  return {
    Credentials: {
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      SessionToken: credentials.sessionToken,
      Expiration: expiration,
    },
    AssumedRoleUser: {
      AssumedRoleId: `${roleIdOf(account, role.name)}:${sessionName}`,
      Arn: `arn:${partition}:sts::${account}:assumed-role/${role.name}/${sessionName}`,
    },
  };
}

/** A stable, opaque role id (AROA…) derived from account and role name. */
function roleIdOf(account: string, role: string): string {
  let hash = 0;
  for (const ch of `${account}/${role}`) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `AROA${account.slice(0, 6)}${hash.toString(36).toUpperCase().padStart(8, '0')}`;
}
