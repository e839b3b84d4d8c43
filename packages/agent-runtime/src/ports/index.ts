export * from './memory.js';
export * from './messages.js';
export * from './model.js';
export * from './tool.js';
