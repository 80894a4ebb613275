export { smokeWorkflow } from './smoke.workflow';
export { conversationWorkflow } from './conversation.workflow';
export { leadIntakeWorkflow } from './lead-intake.workflow';
export { messageStatusWorkflow } from './message-status.workflow';
export { voiceMessageWorkflow } from './voice-message.workflow';
export { campaignWorkflow } from './campaign.workflow';
export { visitWorkflow } from './visit.workflow';
export { propertyAlertWorkflow } from './property-alert.workflow';
