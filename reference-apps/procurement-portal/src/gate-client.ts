/** The procurement gate's answer (`POST /v1/po-gate/check`, contract §8). */
export interface GateAnswer {
  allowed: boolean;
  reason: 'verified' | 'no_verification' | 'not_completed' | 'low_confidence' | 'recommendation_blocks';
  verification_id: string | null;
  confidence: number | null;
  recommendation: string | null;
  decision_id: string;
}

/** Asks the hub's procurement gate (the plugin's endpoint; the SDK covers the core API only). */
export async function checkGate(
  hub: { url: string; apiKey: string },
  body: { external_ref: string; order_ref: string },
): Promise<GateAnswer> {
  const res = await fetch(`${hub.url}/v1/po-gate/check`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hub.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const answer = (await res.json()) as GateAnswer & { error?: { message: string } };
  if (!res.ok) throw new Error(`the gate answered ${res.status}: ${answer.error?.message ?? 'no message'}`);
  return answer;
}
