/**
 * The pending deliveries of one endpoint, in due order: claiming and "which endpoints have due work" then read
 * only the rows they return, however long the delivery log (kept 30 days) or a dead endpoint's backlog.
 */
export const deliveryQueue = `
CREATE INDEX webhook_deliveries_claim ON webhook_deliveries (endpoint_id, next_attempt_at) WHERE status = 'pending';
`;
