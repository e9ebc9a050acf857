import { app } from './app.js';

// Zapier loads the package `main` with require() and expects the definition itself as module.exports.
export = app;
