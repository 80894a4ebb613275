import { randomUUID } from 'node:crypto';
import type { Database } from '../prisma/client';
import { saveIntegrationConfig } from '../prisma/repositories/integration-secrets';
import { testSecretBox } from './harness';

export interface TestNumber {
  phoneNumberId: string;
  accessToken: string;
  displayPhoneNumber: string;
  appSecret: string;
}

/** Gives a tenant a WhatsApp Business API channel with an encrypted token, as Settings would. */
export async function configureWhatsAppChannel(db: Database, tenantId: string, appSecret: string): Promise<TestNumber> {
  const number = { phoneNumberId: `pn-${randomUUID().slice(0, 12)}`, accessToken: `EAAG${randomUUID().replace(/-/g, '')}`, displayPhoneNumber: '+54 11 5555-0000', appSecret };
  await db.inTenant(tenantId, async (tx) => {
    await tx.whatsAppChannel.create({ data: { tenantId, apiType: 'BUSINESS_API', phoneNumberId: number.phoneNumberId, displayPhoneNumber: number.displayPhoneNumber, status: 'CONNECTED' } });
    await saveIntegrationConfig(tx, testSecretBox(), 'WHATSAPP_CLOUD', { accessToken: number.accessToken });
  });
  return number;
}
