import type { AppConfig } from '../../domain/config';
import { AppError } from '../../domain/app-error';
import type { SecretBox } from '../../domain/secret-box';
import { loadTemplateGraph } from '../../integrations/whatsapp-cloud/template-graph';
import type { Database } from '../../prisma/client';

export interface TemplateGraphDeps {
  db: Database;
  secrets: SecretBox;
  config: AppConfig;
}

/** The agency's Graph client for templates, undefined while the Business API number (with its account) is not connected. */
export function templateGraphOf({ db, secrets, config }: TemplateGraphDeps) {
  return db.forCurrentTenant((tx) => loadTemplateGraph(tx, secrets, config.whatsapp));
}

export const notConnected = () => new AppError('conflict', 'Connect the WhatsApp Business API number, with its business account ID, in Settings first', { es: 'Primero conectá en Configuración el número de la API de WhatsApp Business, con el ID de su cuenta comercial' });
