/**
 * Replies that ask Astor to stop writing (Spanish and English, with or without accents):
 * "BAJA", "STOP", "no me escriban más", "no quiero recibir más mensajes", ...
 */
const SINGLE_WORDS = new Set(['baja', 'stop', 'unsubscribe', 'desuscribir', 'desuscribirme', 'cancelar suscripcion']);
const PHRASES = [/\bno me (escriban|escribas|manden|envien|contacten) mas\b/, /\bno quiero recibir (mas )?(mensajes|publicidad|informacion)\b/, /\bdejen de (escribirme|mandarme|enviarme)\b/, /\bdar(me)? de baja\b/];

function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function isOptOutRequest(text: string | undefined): boolean {
  if (!text) return false;
  const normal = normalise(text);
  return SINGLE_WORDS.has(normal) || PHRASES.some((phrase) => phrase.test(normal));
}

export const OPT_OUT_CONFIRMATION = 'Listo, no te enviaremos más mensajes promocionales. Si cambiás de idea, escribinos cuando quieras.';
