/** The pending deliveries of one endpoint, in due order (claiming reads only the rows it returns). */
export const deliveryQueue = `
CREATE INDEX webhook_deliveries_claim ON webhook_deliveries (endpoint_id, next_attempt_at) WHERE status = 'pending';
`;
