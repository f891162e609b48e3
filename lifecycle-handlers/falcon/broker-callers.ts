/**
 * Who may call the broker, and for what: only the member-account roles this package creates, each for the actions
 * its own code sends. Everything else in the organisation, even with a valid SigV4 signature and an IAM policy that
 * allows `lambda:InvokeFunctionUrl`, is refused before any Falcon call.
 *
 * The caller is the SigV4 principal Lambda reports for the function URL (`requestContext.authorizer.iam.userArn`).
 * A Lambda function calls with its execution role's session, `arn:<partition>:sts::<account>:assumed-role/<role
 * name>/<session>`, where Lambda names the session after the function. An STS ARN carries no IAM path, so roles are
 * matched by name (and session); IAM users, the root user and federated sessions are never admitted.
 *
 * A role name is only as strong as who may create roles in the member account: an account administrator could
 * create a role of the same name. The rule keeps every other principal (workloads, developers, CI roles) out.
 */
import { BASELINE_FUNCTION_NAME } from '../../products/falcon-baseline/definition';
import { ECR_FUNCTION_ROLE_NAME } from '../../products/ecr-connections/definition';

export interface BrokerCaller {
  readonly partition: string;
  readonly accountId: string;
  readonly roleName: string;
  readonly sessionName: string;
}

export interface BrokerCallerRule {
  /** Who this is, as an operator reads it in a refusal. */
  readonly who: string;
  /** The broker actions this caller's code sends. */
  readonly actions: readonly string[];
  readonly matches: (caller: BrokerCaller) => boolean;
}

const ASSUMED_ROLE_ARN = /^arn:(aws|aws-us-gov|aws-cn):sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,64})\/([\w+=,.@-]{2,64})$/;

/** The assumed-role session behind a caller ARN, or undefined for any other kind of principal. */
export function parseCallerArn(arn: string | undefined): BrokerCaller | undefined {
  const match = arn ? ASSUMED_ROLE_ARN.exec(arn) : null;
  if (!match) return undefined;
  return { partition: match[1], accountId: match[2], roleName: match[3], sessionName: match[4] };
}

export const BROKER_CALLER_RULES: readonly BrokerCallerRule[] = [
  {
    who: `the ecr-connections custom resource (role ${ECR_FUNCTION_ROLE_NAME})`,
    actions: ['connect-ecr-registry', 'disconnect-ecr-registries'],
    matches: (caller) => caller.roleName === ECR_FUNCTION_ROLE_NAME,
  },
  {
    // Every falcon-baseline version leaves its role's name to CloudFormation, which starts a generated name with the
    // stack name; Service Catalog names provisioned-product stacks SC-<account>-pp-<id>. The function name is fixed
    // (the same in every version, so accounts on an older baseline version are still served).
    who: `the falcon-baseline parameters function (${BASELINE_FUNCTION_NAME}, role of its SC- stack)`,
    actions: ['product-parameters'],
    matches: (caller) => caller.sessionName === BASELINE_FUNCTION_NAME && caller.roleName.startsWith('SC-'),
  },
];

/** Every action some rule admits: the broker serves nothing else. */
export const CALLABLE_ACTIONS: readonly string[] = [...new Set(BROKER_CALLER_RULES.flatMap((r) => r.actions))];

/**
 * Why `callerArn` may not send `action` on behalf of `accountId`, or undefined when it may. The account in the ARN
 * must be the account Lambda authenticated (they come from the same signature; a mismatch means a forged event).
 */
export function callerRefusal(callerArn: string | undefined, accountId: string, action: string): string | undefined {
  const caller = parseCallerArn(callerArn);
  if (!caller) {
    return `the broker serves only roles this package creates in member accounts; ${callerArn ?? 'an unnamed principal'} is not an assumed-role session`;
  }
  if (caller.accountId !== accountId) {
    return `the caller ARN names account ${caller.accountId}, but the request was signed by account ${accountId}`;
  }
  const admitting = BROKER_CALLER_RULES.filter((rule) => rule.actions.includes(action));
  if (admitting.some((rule) => rule.matches(caller))) return undefined;
  return (
    `role ${caller.roleName} (session ${caller.sessionName}) may not call ${action}: only ` +
    `${admitting.map((rule) => rule.who).join(' or ')} may`
  );
}
