// The dashboard: homecom-partner's browser build in proxy mode (no API key in the page).
import { HomeComClient, ValidationError, isApiError } from '/pkg/browser.mjs';

const GATEWAY = '101234567';
const $ = (selector) => document.querySelector(selector);
const esc = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const { userId } = await (await fetch('/config.json')).json();
const client = await HomeComClient.create({ baseUrl: '/homecom', userId, retry: { maxAttempts: 2 } });

async function listAppliances() {
  const rows = [];
  for (const { gatewayId } of await client.listHvacs()) {
    let status = '—';
    try {
      status = (await client.getHvacStatus({ gatewayId })).connectivityStatus;
    } catch (e) {
      status = e.name;
    }
    rows.push(`<tr data-gateway="${esc(gatewayId)}"><td>${esc(gatewayId)}</td><td class="${esc(status)}">${esc(status)}</td></tr>`);
  }
  $('#appliances tbody').innerHTML = rows.join('');
}

let current;
async function loadDhw() {
  current = await client.getDhwCircuit({ gatewayId: GATEWAY, circuitId: 1 });
  $('#start').value = current.ecoModeSettings?.startSetPointTemperature ?? '';
  $('#stop').value = current.ecoModeSettings?.stopSetPointTemperature ?? '';
}

$('#dhw').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('#violations').innerHTML = '';
  $('#saved').textContent = '';
  const body = { ecoModeSettings: { startSetPointTemperature: Number($('#start').value), stopSetPointTemperature: Number($('#stop').value) } };
  try {
    // The core validates first (with the current state for the cross-field rules): an
    // invalid input never leaves the browser.
    current = await client.updateDhwCircuit({ gatewayId: GATEWAY, circuitId: 1, body, current });
    $('#saved').textContent = `Saved: eco ${current.ecoModeSettings.startSetPointTemperature}–${current.ecoModeSettings.stopSetPointTemperature} °C`;
  } catch (e) {
    if (e instanceof ValidationError || (isApiError(e) && e.violations.length)) {
      $('#violations').innerHTML = e.violations.map((v) => `<li data-code="${esc(v.code)}">${esc(v.message)}</li>`).join('');
    } else {
      $('#violations').innerHTML = `<li>${esc(e.name)}: ${esc(e.message)}</li>`;
    }
  }
});

try {
  await Promise.all([listAppliances(), loadDhw()]);
  $('#status').textContent = 'ready';
  document.body.dataset.ready = '1';
} catch (e) {
  $('#status').textContent = `${e.name}: ${e.message}`;
}
