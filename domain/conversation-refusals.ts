import { SERVICE_WINDOW_CLOSED } from './messaging';

/** Why a conversation workflow refuses an agent's command: the ApplicationFailure types it throws. */
export const CONVERSATION_NOT_STARTED = 'ConversationNotStarted';
export const CONVERSATION_TAKEN = 'ConversationTaken';
export const NOT_THE_ASSIGNEE = 'NotTheAssignee';

/** Each refusal as an agent reads it in the inbox. */
export const CONVERSATION_REFUSALS_ES: Record<string, string> = {
  [CONVERSATION_NOT_STARTED]: 'La conversación todavía se está iniciando: probá de nuevo en unos segundos',
  [CONVERSATION_TAKEN]: 'Otro agente ya tiene esta conversación: pedile a un administrador que te la transfiera',
  [NOT_THE_ASSIGNEE]: 'Sólo el agente asignado o un administrador puede hacer esto: tomá la conversación primero',
  [SERVICE_WINDOW_CLOSED]: 'Pasaron más de 24 horas desde el último mensaje del contacto: WhatsApp sólo permite una plantilla aprobada',
};
