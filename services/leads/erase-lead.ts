import type { Client } from '@temporalio/client';
import { AppError } from '../../domain/app-error';
import type { Logger } from '../../domain/logger';
import type { MediaStore } from '../../integrations/media-store/media-store';
import type { Database } from '../../prisma/client';
import { recordAudit } from '../../prisma/audit-log';
import { eraseLeadRecords, type ErasedLead } from '../../prisma/repositories/lead-erasure';
import { tenantContext } from '../../prisma/tenant-context';
import type { ContactKeys } from '../../temporal/contact-keys';
import { workflowErasure } from '../../temporal/workflow-erasure';
import { leadNotFound } from './lead-not-found';

export interface EraseLeadDependencies {
  db: Database;
  temporal: Client;
  contactKeys: ContactKeys;
  media: { inbound: MediaStore; voice: MediaStore };
  logger: Logger;
  /** Pause between attempts at what lives outside PostgreSQL. */
  retryDelayMs?: number;
}

const ATTEMPTS = 3;

/** What is still outside PostgreSQL after the attempts: keys and a flag, nothing about the person. */
interface Leftover {
  inboundMedia: string[];
  voiceNotes: string[];
  workflows: boolean;
}

const nothingLeft = (left: Leftover) => left.inboundMedia.length === 0 && left.voiceNotes.length === 0 && !left.workflows;

async function removeEach(store: MediaStore, keys: string[], logger: Logger): Promise<string[]> {
  const left: string[] = [];
  for (const key of keys) {
    await store.delete(key).catch((error: unknown) => {
      logger.warn('media of an erased lead not yet deleted', { key, error: String(error) });
      left.push(key);
    });
  }
  return left;
}

/** True while histories are left. */
async function workflowsLeft(erasure: ReturnType<typeof workflowErasure>, tenantId: string, erased: ErasedLead, logger: Logger): Promise<boolean> {
  try {
    await erasure.erase({ tenantId, ...erased });
    return false;
  } catch (error) {
    logger.warn('workflow histories of an erased lead not yet deleted', { tenantId, error: String(error) });
    return true;
  }
}

/**
 * The media and workflow histories that held the person, tried a few times: S3 and Temporal fail
 * briefly far more often than for long, and each removal is idempotent.
 */
async function removeOutsideDatabase(deps: EraseLeadDependencies, tenantId: string, erased: ErasedLead): Promise<Leftover> {
  const erasure = workflowErasure(deps.temporal, deps.contactKeys);
  let left: Leftover = { inboundMedia: erased.inboundMediaKeys, voiceNotes: erased.voiceKeys, workflows: true };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    left = {
      inboundMedia: await removeEach(deps.media.inbound, left.inboundMedia, deps.logger),
      voiceNotes: await removeEach(deps.media.voice, left.voiceNotes, deps.logger),
      workflows: left.workflows && (await workflowsLeft(erasure, tenantId, erased, deps.logger)),
    };
    if (nothingLeft(left) || attempt === ATTEMPTS) break;
    await new Promise((resolve) => setTimeout(resolve, deps.retryDelayMs ?? 500 * attempt));
  }
  return left;
}

/**
 * Erases a lead for good on the person's request (the route admits the agency's OWNER only): in one
 * transaction its rows, the raw deliveries and hand-offs naming its contact, and the person's data in
 * earlier audit entries, leaving one `erase` entry with the actor and the lead's id; then its media
 * and Temporal histories. What still fails after the retries is recorded in an `erase.incomplete`
 * audit entry (keys only) and answered as 503, so the owner knows the erasure is not finished.
 */
export async function eraseLead(deps: EraseLeadDependencies, leadId: string): Promise<void> {
  const { tenantId } = tenantContext.require('eraseLead');
  const erased = await deps.db.forCurrentTenant((tx) => eraseLeadRecords(tx, leadId));
  if (!erased) throw leadNotFound();
  const left = await removeOutsideDatabase(deps, tenantId, erased);
  if (nothingLeft(left)) return;
  await deps.db.forCurrentTenant((tx) => recordAudit(tx, { action: 'erase.incomplete', entity: 'Lead', entityId: leadId, after: left }));
  throw new AppError('unavailable', 'The lead’s records are erased, but some of its files or workflow histories could not be deleted yet; they are listed in the audit log', {
    es: 'Los datos del contacto se borraron, pero algunos archivos o historiales no se pudieron eliminar todavía; quedan registrados en la auditoría',
  });
}
