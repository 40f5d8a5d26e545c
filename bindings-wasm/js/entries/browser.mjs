// Browsers and bundlers: the web build of the WebAssembly module, loaded by `await init()`
// (HomeComClient.create and every client call do it themselves).
import initWasm, * as glue from './wasm/web/homecom_wasm.js';
import { _installBindings } from './esm/index.js';

_installBindings(glue, (input) => initWasm(input === undefined ? undefined : { module_or_path: input }));

export * from './esm/index.js';
