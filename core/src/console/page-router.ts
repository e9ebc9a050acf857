import type { Request, Response, Router } from 'express';
import { locals } from '../api/middleware/locals.js';
import { ApiError } from '../domain/errors.js';
import { type ConsoleDeps, type PageContext, pageContext, SECTIONS, type Section, sendHtml } from './context.js';
import { errorPage } from './layout.js';

export type PageHandler = (ctx: PageContext, req: Request, res: Response) => Promise<void>;

/** Registers the pages of one environment; each knows its section, which decides who may open it. */
export interface PageRouter {
  get(path: string, section: Section, handler: PageHandler): void;
  post(path: string, section: Section, handler: PageHandler): void;
}

/** A domain error shown in the page layout with its status; anything else goes to the hub's error handler. */
function renderError(ctx: PageContext, res: Response, section: Section, error: unknown): void {
  if (!(error instanceof ApiError)) throw error;
  const title = error.status === 404 ? 'Not found' : 'That did not work';
  sendHtml(res, error.status, errorPage(ctx, section, title, error.message));
}

export function pageRouter(router: Router, deps: ConsoleDeps): PageRouter {
  const add = (method: 'get' | 'post', path: string, section: Section, handler: PageHandler) => {
    const adminOnly = SECTIONS.find((s) => s.section === section)?.adminOnly ?? true;
    router[method](path, async (req, res) => {
      locals(res).route = `/console/:env${path}`;
      const ctx = pageContext(deps, res);
      if (adminOnly && ctx.user.role !== 'admin') {
        return sendHtml(
          res,
          403,
          errorPage(
            ctx,
            section,
            'Not allowed',
            'Only admins can open this page; analysts work Reviews and Verifications.',
          ),
        );
      }
      try {
        await handler(ctx, req, res);
      } catch (error) {
        renderError(ctx, res, section, error);
      }
    });
  };
  return {
    get: (path, section, handler) => add('get', path, section, handler),
    post: (path, section, handler) => add('post', path, section, handler),
  };
}
