// Node, import: the nodejs build of the WebAssembly module, loaded synchronously.
import { createRequire } from 'node:module';
import { _installBindings } from './esm/index.js';

const require = createRequire(import.meta.url);
_installBindings(require('./wasm/node/homecom_wasm.js'));

export * from './esm/index.js';
