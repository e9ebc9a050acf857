import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Routing by tier and confidence (the seed's "branching workflows on tier and confidence"): no call to the hub,
 * each incoming item (a verification, a decision or a status_changed payload) goes to one output.
 */

export const ROUTE_OUTPUTS = ['Pass', 'Review', 'Pending'] as const;
export type RouteOutput = (typeof ROUTE_OUTPUTS)[number];

const show = { show: { resource: ['verification'], operation: ['route'] } };

export const description: INodeProperties[] = [
  {
    displayName:
      'Sends each item to Pass, Review or Pending by its country_tier and confidence. Items come from the trigger, Get or Get Many.',
    name: 'routeNotice',
    type: 'notice',
    default: '',
    displayOptions: show,
  },
  {
    displayName: 'Minimum Confidence',
    name: 'minConfidence',
    type: 'number',
    default: 0.8,
    typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
    description: 'Pass needs a confidence at or above this (0–1)',
    displayOptions: show,
  },
  {
    displayName: 'Maximum Country Tier',
    name: 'maxTier',
    type: 'options',
    default: 3,
    options: [
      { name: 'Tier 1 Only', value: 1 },
      { name: 'Tiers 1–2', value: 2 },
      { name: 'Any Tier (1–3)', value: 3 },
    ],
    description: 'Pass needs a country tier at or below this; a higher tier goes to Review',
    displayOptions: show,
  },
  {
    displayName: 'Recommendations That Never Pass',
    name: 'blockedRecommendations',
    type: 'multiOptions',
    default: ['enhanced_due_diligence', 'reject'],
    options: [
      { name: 'Enhanced Due Diligence', value: 'enhanced_due_diligence' },
      { name: 'Proceed', value: 'proceed' },
      { name: 'Proceed With Controls', value: 'proceed_with_controls' },
      { name: 'Reject', value: 'reject' },
    ],
    description:
      'A decision with one of these goes to Review whatever its confidence (items without a recommendation, such as status changes, are judged on tier and confidence)',
    displayOptions: show,
  },
];

export interface RouteRule {
  minConfidence: number;
  maxTier: number;
  blockedRecommendations: string[];
}

/** The output for one item, or which field it lacks to be routed at all. */
export function routeOf(json: IDataObject, rule: RouteRule): RouteOutput | { missing: string } {
  const tier = json.country_tier;
  if (typeof tier !== 'number') return { missing: 'country_tier' };
  const confidence = json.confidence;
  if (confidence === null || confidence === undefined) return 'Pending';
  if (typeof confidence !== 'number') return { missing: 'confidence' };
  const decision = json.decision as IDataObject | null | undefined;
  const recommendation = json.recommendation ?? decision?.recommendation;
  if (typeof recommendation === 'string' && rule.blockedRecommendations.includes(recommendation)) return 'Review';
  return confidence >= rule.minConfidence && tier <= rule.maxTier ? 'Pass' : 'Review';
}

export function ruleOf(ctx: IExecuteFunctions, itemIndex: number): RouteRule {
  return {
    minConfidence: ctx.getNodeParameter('minConfidence', itemIndex) as number,
    maxTier: ctx.getNodeParameter('maxTier', itemIndex) as number,
    blockedRecommendations: ctx.getNodeParameter('blockedRecommendations', itemIndex) as string[],
  };
}

/** The output index of item `itemIndex`. */
export function execute(this: IExecuteFunctions, itemIndex: number, json: IDataObject): number {
  const route = routeOf(json, ruleOf(this, itemIndex));
  if (typeof route !== 'string') {
    throw new NodeOperationError(this.getNode(), `The item has no numeric ${route.missing} to route on`, {
      itemIndex,
      description:
        'Route items that are verifications, decisions or status changes (from the trigger, Get or Get Many).',
    });
  }
  return ROUTE_OUTPUTS.indexOf(route);
}
