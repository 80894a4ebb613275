import { decideBotReply, HANDOFF_BUTTON_ID, type AssistantRules } from './bot-replies';

const rules: AssistantRules = {
  greeting: '¡Hola! ¿Comprar o alquilar?',
  handoffKeywords: ['asesor', 'hablar con alguien'],
  faq: [{ question: 'horario', answer: 'De 9 a 18 h.', keywords: ['abren', 'atienden'] }],
};
const first = { firstMessage: true, unanswered: 0 };
const later = { firstMessage: false, unanswered: 0 };

describe('decideBotReply', () => {
  it('greets a new contact', () => {
    expect(decideBotReply(rules, { text: 'Hola' }, first)).toEqual({ reply: rules.greeting, handoff: false, reason: 'greeting' });
  });

  it('answers a FAQ by its question or keywords, ignoring accents and case', () => {
    expect(decideBotReply(rules, { text: '¿Qué HORARIO tienen?' }, later)).toMatchObject({ reply: 'De 9 a 18 h.', reason: 'faq' });
    expect(decideBotReply(rules, { text: 'a qué hora atiénden' }, later)).toMatchObject({ reason: 'faq' });
  });

  it('hands off on a keyword, a phrase or the hand-off button', () => {
    expect(decideBotReply(rules, { text: 'quiero un ASESOR' }, first)).toEqual({ handoff: true, reason: 'keyword' });
    expect(decideBotReply(rules, { text: 'necesito hablar con alguien ya' }, later)).toMatchObject({ handoff: true });
    expect(decideBotReply(rules, { replyId: HANDOFF_BUTTON_ID }, later)).toMatchObject({ handoff: true, reason: 'handoff_button' });
  });

  it('does not mistake a longer word for a keyword', () => {
    expect(decideBotReply(rules, { text: 'asesoramiento' }, later).reason).toBe('not_understood');
  });

  it('gives up and hands off after repeated messages it cannot answer', () => {
    expect(decideBotReply(rules, { text: 'xyz' }, later)).toMatchObject({ handoff: false, reason: 'not_understood' });
    expect(decideBotReply(rules, { text: 'xyz' }, { firstMessage: false, unanswered: 1 })).toEqual({ handoff: true, reason: 'gave_up' });
  });
});
