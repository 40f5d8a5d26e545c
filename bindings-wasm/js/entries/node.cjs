'use strict';
// Node, require(): the nodejs build of the WebAssembly module, loaded synchronously.
const lib = require('./cjs/index.js');
lib._installBindings(require('./wasm/node/homecom_wasm.js'));
module.exports = lib;
