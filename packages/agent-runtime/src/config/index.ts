export * from './env-config.js';
export * from './model-from-config.js';
export * from './runtime-config.js';
export * from './server-from-config.js';
