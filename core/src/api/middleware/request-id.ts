import type { RequestHandler } from 'express';
import { newId } from '../../domain/ids.js';

/** Every response carries `X-Request-Id: req_…`; error bodies repeat it. */
export const requestId: RequestHandler = (_req, res, next) => {
  const id = newId('req');
  res.locals.requestId = id;
  res.setHeader('X-Request-Id', id);
  next();
};
