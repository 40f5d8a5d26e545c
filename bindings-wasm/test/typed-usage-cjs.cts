// The CommonJS declarations: `require('homecom-partner')` is typed too.
import sdk = require('homecom-partner');

export function sampleCjs(): string {
  const request = sdk.buildRequest('getHealth', { baseUrl: 'http://127.0.0.1:8080' }, {});
  const error: sdk.HomeComError = new sdk.ConfigError({ kind: 'Config', message: 'm' });
  return `${request.url} ${error.kind}`;
}
