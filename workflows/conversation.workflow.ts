import { allHandlersFinished, condition, continueAsNew, setHandler } from '@temporalio/workflow';
import { agentReplyUpdate, claimUpdate, closeUpdate, conversationStateQuery, inboundMessagesSignal, returnToBotUpdate, transferUpdate, type ConversationInput } from './conversation.contract';
import { ConversationRouter } from './conversation.router';

/**
 * One open conversation with a contact (see ConversationRouter): messages arrive as a signal,
 * agents' commands as updates, and the run continues as new before its history grows large.
 */
export async function conversationWorkflow(input: ConversationInput): Promise<{ closed: string }> {
  const router = await ConversationRouter.open(input);
  const onceStarted = { validator: (_request: unknown) => router.mustHaveStarted() };
  setHandler(inboundMessagesSignal, (refs) => router.receive(refs));
  setHandler(conversationStateQuery, () => router.view());
  setHandler(agentReplyUpdate, (request) => router.reply(request), { validator: (request) => router.validateReply(request) });
  setHandler(claimUpdate, (request) => router.claim(request), onceStarted);
  setHandler(transferUpdate, (request) => router.transfer(request), onceStarted);
  setHandler(returnToBotUpdate, (request) => router.returnToBot(request), onceStarted);
  setHandler(closeUpdate, (request) => router.close(request), onceStarted);

  for (;;) {
    await router.waitForWork();
    await router.takeUpPending();
    const closing = router.closeDue();
    if (closing) {
      await condition(allHandlersFinished);
      if (!(await router.closeConversation(closing))) continue;
      const next = router.nextConversation();
      if (next) await continueAsNew<typeof conversationWorkflow>(next);
      return { closed: closing.reason };
    }
    await router.escalate();
    if (router.shouldContinueAsNew()) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof conversationWorkflow>(router.carryOver());
    }
  }
}
