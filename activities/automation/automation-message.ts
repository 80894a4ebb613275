import type { AutomationMessage } from '../../domain/automations';
import { isWithinServiceWindow, type OutboundContent } from '../../domain/messaging';
import { renderVariables, type VariableValues } from '../../domain/template-variables';

export type RenderedAutomation = { kind: 'message'; content: OutboundContent } | { kind: 'skip'; reason: string };

/**
 * An automation's message for one lead: a template always goes (WhatsApp allows it outside the
 * 24-hour window), free text only inside the window; a placeholder without value or fallback skips it.
 */
export function renderAutomationMessage(message: AutomationMessage, values: VariableValues, lastInboundAt: Date | null, now: number): RenderedAutomation {
  const missing: string[] = [];
  const render = (text: string) => {
    const result = renderVariables(text, values);
    missing.push(...result.missing);
    return result.text;
  };
  let content: OutboundContent;
  if (message.kind === 'template') {
    content = { kind: 'template', name: message.name, language: message.language, bodyParameters: message.variables.map(render) };
  } else {
    if (!isWithinServiceWindow(lastInboundAt?.getTime(), now)) return { kind: 'skip', reason: 'outside_service_window' };
    content = { kind: 'text', body: render(message.body) };
  }
  return missing.length ? { kind: 'skip', reason: `missing_variable:${missing[0]}` } : { kind: 'message', content };
}

/** "jueves 3 de diciembre" and "15:30" in the agency's language and time zone. */
export function visitDateParts(scheduledAt: Date, locale: string, timeZone: string): { date: string; time: string } {
  const date = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(scheduledAt).replace(',', '');
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(scheduledAt);
  return { date, time };
}
