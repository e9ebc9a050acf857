#!/usr/bin/env node
// Writes core/openapi.json from the route specs (run after `tsc -b`). A test fails when it drifts.
import { writeFileSync } from 'node:fs';
import { buildOpenApi } from '../core/dist/api/openapi.js';
import { API_VERSION } from '../core/dist/api/routes/docs.js';
import { ROUTES } from '../core/dist/api/routes.js';

const file = new URL('../core/openapi.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(buildOpenApi(ROUTES, API_VERSION), null, 2)}\n`);
console.log(`wrote ${file.pathname}`);
