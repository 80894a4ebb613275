/** A tenant's rule-based assistant: greeting, FAQ answers and the words that call a human. */
export interface AssistantRules {
  greeting: string | null;
  handoffKeywords: string[];
  faq: { question: string; answer: string; keywords?: string[] }[];
  fallback?: string;
}

export interface BotDecision {
  reply?: string;
  handoff: boolean;
  reason: 'keyword' | 'handoff_button' | 'faq' | 'greeting' | 'not_understood' | 'gave_up';
}

/** After this many messages the bot cannot answer, it hands the conversation to a human. */
export const MAX_UNANSWERED_BY_BOT = 2;

const fold = (value: string) => value.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
const words = (value: string) => new Set(fold(value).split(/[^\p{L}\p{N}]+/u).filter(Boolean));

function mentions(text: string, phrase: string): boolean {
  const folded = fold(phrase).trim();
  if (!folded) return false;
  return folded.includes(' ') ? fold(text).includes(folded) : words(text).has(folded);
}

export const HANDOFF_BUTTON_ID = 'astor:handoff';

/** Why the message asks for a person (the hand-off button or one of the agency's words), if it does. */
export function asksForHuman(handoffKeywords: string[], message: { text?: string; replyId?: string }): 'handoff_button' | 'keyword' | undefined {
  if (message.replyId === HANDOFF_BUTTON_ID) return 'handoff_button';
  return handoffKeywords.some((keyword) => mentions(message.text ?? '', keyword)) ? 'keyword' : undefined;
}

/**
 * What the bot does with one inbound message. Deterministic: runs inside the conversation workflow.
 * `unanswered` counts earlier messages in a row the bot could not answer.
 */
export function decideBotReply(rules: AssistantRules, message: { text?: string; replyId?: string }, context: { firstMessage: boolean; unanswered: number }): BotDecision {
  const text = message.text ?? '';
  const askedForHuman = asksForHuman(rules.handoffKeywords, message);
  if (askedForHuman) return { handoff: true, reason: askedForHuman };
  const answer = rules.faq.find((entry) => [entry.question, ...(entry.keywords ?? [])].some((phrase) => mentions(text, phrase)));
  if (answer) return { reply: answer.answer, handoff: false, reason: 'faq' };
  if (context.firstMessage && rules.greeting) return { reply: rules.greeting, handoff: false, reason: 'greeting' };
  if (context.unanswered + 1 >= MAX_UNANSWERED_BY_BOT) return { handoff: true, reason: 'gave_up' };
  return { reply: rules.fallback ?? 'No estoy seguro de haber entendido. Escribí "asesor" y te comunico con una persona del equipo.', handoff: false, reason: 'not_understood' };
}
