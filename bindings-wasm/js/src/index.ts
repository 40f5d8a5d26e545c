// homecom-partner: the Bosch Home Comfort Partner API SDK for Node and browsers.
export { init, isReady, _installBindings } from './bindings.js';
export * from './errors.js';
export * from './functions.js';
export { HomeComClient, type HomeComClientOptions } from './client.js';
export type * from './types.js';
export type * from './generated/models.js';
export { OPERATION_NAMES } from './generated/models.js';
