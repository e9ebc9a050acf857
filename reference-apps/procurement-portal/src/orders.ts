import { randomBytes } from 'node:crypto';
import type { GateAnswer } from './gate-client.js';

export interface PurchaseOrder {
  id: string;
  supplier_ref: string;
  description: string;
  amount: number;
  /** `allowed` orders are placed; `blocked` ones wait, and are checked again when a decision arrives. */
  status: 'allowed' | 'blocked';
  gate: GateAnswer;
  created_at: string;
  updated_at: string;
}

type Listener = (order: PurchaseOrder) => void;

/** The portal's purchase orders (in memory: a reference app) and who is watching them change. */
export class OrderBook {
  private readonly orders = new Map<string, PurchaseOrder>();
  private readonly listeners = new Set<Listener>();

  add(input: { supplier_ref: string; description: string; amount: number }, gate: GateAnswer): PurchaseOrder {
    const now = new Date().toISOString();
    const order: PurchaseOrder = {
      id: `PO-${randomBytes(4).toString('hex').toUpperCase()}`,
      ...input,
      status: gate.allowed ? 'allowed' : 'blocked',
      gate,
      created_at: now,
      updated_at: now,
    };
    this.orders.set(order.id, order);
    this.emit(order);
    return order;
  }

  update(id: string, gate: GateAnswer): PurchaseOrder | undefined {
    const order = this.orders.get(id);
    if (!order) return undefined;
    const next: PurchaseOrder = {
      ...order,
      status: gate.allowed ? 'allowed' : 'blocked',
      gate,
      updated_at: new Date().toISOString(),
    };
    this.orders.set(id, next);
    this.emit(next);
    return next;
  }

  /** Newest first. */
  list(): PurchaseOrder[] {
    return [...this.orders.values()].reverse();
  }

  blockedFor(supplierRef: string): PurchaseOrder[] {
    return this.list().filter((o) => o.status === 'blocked' && o.supplier_ref === supplierRef);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(order: PurchaseOrder): void {
    for (const listener of this.listeners) listener(order);
  }
}
