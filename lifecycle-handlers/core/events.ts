/**
 * EventBridge events → one `Trigger`, the only input the rest of the core understands.
 *
 * Control Tower lifecycle events arrive as "AWS Service Event via CloudTrail" (source `aws.controltower`) with the
 * outcome under `detail.serviceEventDetails.<eventName in camelCase>Status`; Organizations changes arrive as
 * "AWS API Call via CloudTrail" (source `aws.organizations`); the reconciler's schedule arrives as a
 * "Scheduled Event". Anything else is a typed error, never an exception and never a provisioning run.
 */
import { z } from 'zod';
import { ACCOUNT_ID, OU_ID } from '../../vocabulary';
import type { AccountContext } from './types';

/** Where a trigger came from, for logs and result events. */
export interface TriggerSource {
  readonly eventName: string;
  readonly eventId: string;
  readonly time?: string;
}

export type Trigger =
  /** Reconcile one account: vended, enrolled, re-enrolled, moved between OUs, or being closed. */
  | {
      readonly kind: 'account';
      readonly accountId: string;
      /** The OU the event names, when it names one (informational: the organisation is read again anyway). */
      readonly ouId?: string;
      /**
       * The account's place in the organisation, when the caller already read it (the worker's fan-out of a
       * whole-organisation or OU trigger). Saves every fanned-out job its Organizations reads, which are the
       * management account's scarcest API budget at organisation scale. Events from AWS never carry it.
       */
      readonly context?: AccountContext;
      readonly source: TriggerSource;
    }
  /** Reconcile every account under an OU (descendant OUs included). */
  | { readonly kind: 'organizational-unit'; readonly ouId: string; readonly source: TriggerSource }
  /** Reconcile the whole organisation (the schedule, or an operator). */
  | { readonly kind: 'organization'; readonly source: TriggerSource }
  /** A lifecycle operation that failed: recorded in logs and results, nothing is provisioned against it. */
  | {
      readonly kind: 'failed-operation';
      readonly accountId?: string;
      readonly ouId?: string;
      readonly message: string;
      readonly source: TriggerSource;
    };

export type TriggerErrorCode = 'unknown-event' | 'malformed-event';

export interface TriggerError {
  readonly code: TriggerErrorCode;
  /** Names the event and the field that is wrong, so a DLQ entry explains itself. */
  readonly message: string;
}

export type ParsedTrigger = { ok: true; trigger: Trigger } | { ok: false; error: TriggerError };

const accountId = z.string().regex(ACCOUNT_ID, 'a 12-digit account ID');
const ouId = z.string().regex(OU_ID, 'an OU ID such as ou-ab12-34cd56ef');
const rootOrOuId = z.string().regex(/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/, 'a root or OU ID');

/** The envelope every EventBridge event shares. */
const envelope = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  'detail-type': z.string().min(1),
  time: z.string().optional(),
  detail: z.unknown(),
});

const operationState = z.enum(['SUCCEEDED', 'FAILED']);

const managedAccountStatus = z.object({
  organizationalUnit: z.object({ organizationalUnitId: ouId }),
  account: z.object({ accountId }),
  state: operationState,
  message: z.string().optional(),
});

const organizationalUnitStatus = z.object({
  organizationalUnit: z.object({ organizationalUnitId: ouId }),
  state: operationState,
  message: z.string().optional(),
});

/** `targetIdentifier` is the OU ARN: arn:<partition>:organizations::<mgmt>:ou/o-<org>/ou-<id>. */
const ouArn = z
  .string()
  .regex(/^arn:[a-z-]+:organizations::\d{12}:ou\/o-[a-z0-9]+\/ou-[0-9a-z]+-[a-z0-9]+$/, 'an OU ARN');

const baselineStatus = z.object({
  enabledBaselineDetails: z.object({
    targetIdentifier: ouArn,
    statusSummary: z.object({ status: z.string() }).optional(),
  }),
});

const controlTowerDetail = z.object({
  eventName: z.string(),
  serviceEventDetails: z.record(z.string(), z.unknown()),
});

const organizationsCallDetail = z.object({
  eventName: z.string(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  requestParameters: z.record(z.string(), z.unknown()).nullish(),
});

const moveAccountParameters = z.object({
  accountId,
  sourceParentId: rootOrOuId,
  destinationParentId: rootOrOuId,
});

const closeAccountParameters = z.object({ accountId });

/** `CreateManagedAccount` → `createManagedAccountStatus`, the key Control Tower uses for each event's outcome. */
function statusKey(eventName: string): string {
  return `${eventName[0].toLowerCase()}${eventName.slice(1)}Status`;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

function malformed(eventName: string, where: string, error: z.ZodError): ParsedTrigger {
  return {
    ok: false,
    error: { code: 'malformed-event', message: `${eventName} event: ${where} ${describeIssues(error)}` },
  };
}

function unknown(message: string): ParsedTrigger {
  return { ok: false, error: { code: 'unknown-event', message } };
}

function ouIdFromArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function parseControlTower(detail: unknown, source: Omit<TriggerSource, 'eventName'>): ParsedTrigger {
  const parsed = controlTowerDetail.safeParse(detail);
  if (!parsed.success) return malformed('Control Tower', 'detail', parsed.error);
  const { eventName, serviceEventDetails } = parsed.data;
  const from: TriggerSource = { ...source, eventName };
  const status = serviceEventDetails[statusKey(eventName)];
  const where = `serviceEventDetails.${statusKey(eventName)}`;

  switch (eventName) {
    case 'CreateManagedAccount':
    case 'UpdateManagedAccount': {
      const s = managedAccountStatus.safeParse(status);
      if (!s.success) return malformed(eventName, where, s.error);
      const account = s.data.account.accountId;
      const ou = s.data.organizationalUnit.organizationalUnitId;
      if (s.data.state === 'FAILED') {
        return {
          ok: true,
          trigger: {
            kind: 'failed-operation',
            accountId: account,
            ouId: ou,
            message: s.data.message ?? `${eventName} failed`,
            source: from,
          },
        };
      }
      return { ok: true, trigger: { kind: 'account', accountId: account, ouId: ou, source: from } };
    }
    case 'RegisterOrganizationalUnit': {
      const s = organizationalUnitStatus.safeParse(status);
      if (!s.success) return malformed(eventName, where, s.error);
      const ou = s.data.organizationalUnit.organizationalUnitId;
      if (s.data.state === 'FAILED') {
        const message = s.data.message ?? `${eventName} failed`;
        return { ok: true, trigger: { kind: 'failed-operation', ouId: ou, message, source: from } };
      }
      return { ok: true, trigger: { kind: 'organizational-unit', ouId: ou, source: from } };
    }
    case 'EnableBaseline':
    case 'ResetEnabledBaseline': {
      const s = baselineStatus.safeParse(status);
      if (!s.success) return malformed(eventName, where, s.error);
      const details = s.data.enabledBaselineDetails;
      const ou = ouIdFromArn(details.targetIdentifier);
      const outcome = details.statusSummary?.status;
      if (outcome === 'FAILED') {
        const message = `${eventName} on ${details.targetIdentifier} failed`;
        return { ok: true, trigger: { kind: 'failed-operation', ouId: ou, message, source: from } };
      }
      return { ok: true, trigger: { kind: 'organizational-unit', ouId: ou, source: from } };
    }
    default:
      return unknown(`Control Tower event ${eventName} is not one the lifecycle core handles`);
  }
}

function parseOrganizationsCall(detail: unknown, source: Omit<TriggerSource, 'eventName'>): ParsedTrigger {
  const parsed = organizationsCallDetail.safeParse(detail);
  if (!parsed.success) return malformed('Organizations', 'detail', parsed.error);
  const { eventName, errorCode, errorMessage, requestParameters } = parsed.data;
  const from: TriggerSource = { ...source, eventName };

  const schema =
    eventName === 'MoveAccount' ? moveAccountParameters : eventName === 'CloseAccount' ? closeAccountParameters : null;
  if (schema === null) return unknown(`Organizations event ${eventName} is not one the lifecycle core handles`);
  const params = schema.safeParse(requestParameters);
  if (!params.success) return malformed(eventName, 'requestParameters', params.error);
  const account = params.data.accountId;

  // A CloudTrail record of a call that Organizations refused: the organisation did not change.
  if (errorCode !== undefined) {
    const message = `${eventName} was refused: ${errorCode}${errorMessage ? ` (${errorMessage})` : ''}`;
    return { ok: true, trigger: { kind: 'failed-operation', accountId: account, message, source: from } };
  }
  return { ok: true, trigger: { kind: 'account', accountId: account, source: from } };
}

/** Parses any event the lifecycle rules deliver. Never throws. */
export function parseTrigger(event: unknown): ParsedTrigger {
  const parsed = envelope.safeParse(event);
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'malformed-event', message: `not an EventBridge event: ${describeIssues(parsed.error)}` },
    };
  }
  const { id, source, time, detail } = parsed.data;
  const detailType = parsed.data['detail-type'];
  const common = { eventId: id, ...(time ? { time } : {}) };

  if (source === 'aws.controltower' && detailType === 'AWS Service Event via CloudTrail') {
    return parseControlTower(detail, common);
  }
  if (source === 'aws.organizations' && detailType === 'AWS API Call via CloudTrail') {
    return parseOrganizationsCall(detail, common);
  }
  if (source === 'aws.events' && detailType === 'Scheduled Event') {
    return { ok: true, trigger: { kind: 'organization', source: { ...common, eventName: 'ScheduledReconcile' } } };
  }
  return unknown(`event from ${source} with detail-type "${detailType}" is not one the lifecycle core handles`);
}

/** A trigger for the whole organisation that does not come from an event (the operator CLI). */
export function organizationTrigger(eventId: string, time?: string): Trigger {
  return { kind: 'organization', source: { eventName: 'OperatorReconcile', eventId, ...(time ? { time } : {}) } };
}
