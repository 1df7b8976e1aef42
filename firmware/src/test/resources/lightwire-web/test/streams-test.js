// Drives the device's streams through the served JavaScript client, logging each outcome for
// StreamsBrowserTest; then waits for the device to list, read and write this page's streams.
import { connect } from '/lightwire/streams.js';

const log = (line) => { document.getElementById('log').textContent += line + '\n'; };
const outcome = async (what, promise) => {
  try {
    log(what + ' ok ' + JSON.stringify(await promise));
  } catch (e) {
    log(what + ' ' + e.code + ' ' + e.stream);
  }
};
try {
  const device = await connect({ timeout: 3000 });
  let clock = 0;
  device.register('page-clock', { read: () => ++clock });
  device.register('counter', { write: (value) => log('counter ' + value) });
  device.register('never', { read: () => new Promise(() => {}) });
  device.onunhandled = (name, value) => log('unhandled ' + name + ' ' + value);
  log('names ' + (await device.list()).join(','));
  log('temperature ' + (await device.read('temperature')));
  log('led ' + JSON.stringify(await device.write('led', { on: true, level: 3 })));
  await outcome('nope', device.read('nope'));
  await outcome('write temperature', device.write('temperature', 1));
  await outcome('read led', device.read('led'));
  await outcome('slow', device.read('slow', 200));
  log('bytes ' + (await device.read('bytes')).join(','));
  log('ready');
} catch (e) {
  log('failed ' + e);
}
