-- RESTRICT and NO ACTION refuse the same deletes here, but a RESTRICT violation (SQLSTATE 23001) is
-- an error the Prisma client cannot map (it answered 500), while NO ACTION raises 23503, a 409 conflict.
ALTER TABLE "Lead" DROP CONSTRAINT "Lead_tenantId_assignedAgentId_fkey";
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_tenantId_assignedAgentId_fkey" FOREIGN KEY ("tenantId", "assignedAgentId") REFERENCES "User"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE "Visit" DROP CONSTRAINT "Visit_tenantId_propertyId_fkey";
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_tenantId_propertyId_fkey" FOREIGN KEY ("tenantId", "propertyId") REFERENCES "Property"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE "Visit" DROP CONSTRAINT "Visit_tenantId_agentId_fkey";
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_tenantId_agentId_fkey" FOREIGN KEY ("tenantId", "agentId") REFERENCES "User"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE "Conversation" DROP CONSTRAINT "Conversation_tenantId_assigneeId_fkey";
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_tenantId_assigneeId_fkey" FOREIGN KEY ("tenantId", "assigneeId") REFERENCES "User"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;
