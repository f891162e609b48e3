/**
 * Where a lifecycle event goes in the FIFO queue. EventBridge can only give an SQS FIFO target a fixed message
 * group, so this small step sets one group per account (events about one account are handled in order, one at a
 * time, while different accounts proceed in parallel) and per OU for OU-wide events.
 */
import type { Trigger } from '../core/events';

export interface QueueMessage {
  readonly messageGroupId: string;
  /** The original EventBridge event, unchanged: redelivered copies are byte-identical, so FIFO content-based
   * deduplication drops them within its five-minute window, and idempotency tokens cover the rest. */
  readonly body: string;
}

export function messageGroupFor(trigger: Trigger): string {
  switch (trigger.kind) {
    case 'account':
      return `account-${trigger.accountId}`;
    case 'organizational-unit':
      return `ou-${trigger.ouId}`;
    case 'organization':
      return 'organization';
    case 'failed-operation':
      return trigger.accountId ? `account-${trigger.accountId}` : `ou-${trigger.ouId ?? 'unknown'}`;
  }
}

export function routeEvent(trigger: Trigger, event: unknown): QueueMessage {
  return { messageGroupId: messageGroupFor(trigger), body: JSON.stringify(event) };
}
