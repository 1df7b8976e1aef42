// Seed 000's http_server_stream page: register a stream for the device to read, show the
// device's writes, and list, read and write the device's own streams.
import { connect } from '/lightwire/streams.js';

const $ = (id) => document.getElementById(id);
const log = (line) => { $('log').textContent += line + '\n'; };
const report = (promise, what) =>
  promise.then((v) => log(what + ': ' + JSON.stringify(v)),
               (e) => log(what + ' failed: ' + e.code + ' ' + e.message));

try {
  const device = await connect();
  $('status').textContent = 'connected';
  let reads = 0;
  device.register('page-clock', {
    read: () => { $('clock').textContent = ++reads; return new Date().toISOString(); },
  });
  device.register('counter', { write: (value) => { $('counter').textContent = value; } });
  device.onclose = (event) => { $('status').textContent = 'closed (' + event.code + ')'; };
  $('list').onclick = () => report(device.list(), 'device streams');
  $('uptime').onclick = () => report(device.read('uptime'), 'uptime ms');
  $('send').onclick = () => report(device.write('message', $('text').value), 'message written');
  report(device.list(), 'device streams');
} catch (e) {
  $('status').textContent = 'failed: ' + e.message;
}
