import { defineSignal } from '@temporalio/workflow';
import { signals } from '../domain/temporal-contracts';

export interface VisitWorkflowInput {
  tenantId: string;
  visitId: string;
}

/** The visit was moved, cancelled or otherwise changed: the workflow reads it again. */
export const visitChangedSignal = defineSignal<[]>(signals.visitChanged);
