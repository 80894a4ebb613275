import { ProviderError } from '../../integrations/provider-error';
import type { TenantTx } from '../../prisma/client';
import { unusableTemplates, type TemplateNeed, type TemplateRef } from '../../prisma/repositories/template-usability';
import { AppError } from '../../domain/app-error';

/**
 * Meta's refusal as the API's problem, in Meta's own words: limits and outages are the caller's
 * cue to retry later; anything else (bad token, invalid template, unknown account) is a 422.
 */
export function metaRefusal(category: string | undefined, reason: string, details: { code?: string; retryAfterSeconds?: number } = {}): AppError {
  const code = category === 'rate_limit' ? 'rate_limited' : category === 'temporary' ? 'unavailable' : 'unprocessable';
  return new AppError(code, `Meta refused the request: ${reason.replace(/^whatsapp_cloud: /, '')}`, {
    ...(details.retryAfterSeconds !== undefined ? { retryAfterSeconds: details.retryAfterSeconds } : {}),
    data: { provider: 'whatsapp_cloud', ...(category ? { category } : {}), ...(details.code ? { providerCode: details.code } : {}) },
  });
}

export function refusalOf(error: ProviderError): AppError {
  return metaRefusal(error.category, error.message, error.details);
}

/** Refuses, naming each field, a request that names templates the agency's registry cannot send (now, for a launch). */
export async function refuseUnusableTemplates(tx: TenantTx, refs: TemplateRef[], need?: TemplateNeed): Promise<void> {
  const unusable = await unusableTemplates(tx, refs, need);
  if (unusable.length === 0) return;
  throw new AppError('unprocessable', unusable.map((ref) => ref.reason).join('; '), {
    es: unusable.map((ref) => ref.reasonEs).join('; '),
    fields: unusable.map((ref) => ({ path: ref.path, message: ref.reason, code: 'template_unusable' })),
  });
}
