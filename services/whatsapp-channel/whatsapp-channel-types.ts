import type { z } from 'zod';
import type { putWhatsAppChannelBody, putWhatsAppModeBody } from '../../api/contracts/whatsapp-channel.schemas';

export type PutWhatsAppChannel = z.infer<typeof putWhatsAppChannelBody>;
export type PutWhatsAppMode = z.infer<typeof putWhatsAppModeBody>;
