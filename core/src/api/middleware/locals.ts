import type { Response } from 'express';
import type { AuthContext } from '../../auth/api-keys.js';

/** Typed access to what the middleware chain attaches to a response. */
export interface Locals {
  requestId: string;
  auth?: AuthContext;
  /** The matched route pattern, for metrics and logs (never the raw path with ids). */
  route?: string;
}

export const locals = (res: Response): Locals => res.locals as Locals;
