// The GPIO panel: the 40-pin header as printed on the board, with live states pushed by the
// firmware. Reading is open; changing a pin needs the access token, which the page takes from
// "#token=..." in its address (at load, or later in an open tab: hashchange) or from the form,
// keeps for the session, and never leaves in the address bar. The same socket carries the
// status (one request a second), so a tab holds two connections: this one and the camera's.
import { connect } from './socket.js';

export const STORE = 'lightwire.token';
const STATUS_MILLIS = 1000;

// What people read next to the lock, for each reason the firmware gives.
const LOCKED = 'Locked: enter the access token above to change pins.';
const HUMAN = {
  'wrong token': 'That token is not right: check it and try again.',
  'too many wrong tokens from your address; try again in a minute':
    'Too many wrong tokens from this address: wait a minute, then try again.',
  'locked: the access token was changed; enter the new one':
    'The access token was changed on the board: enter the new one to change pins again.',
};

export function startGpio(container, state, ui, onStatus) {
  const takeTokenFromAddress = () => {
    const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
    if (!fromHash) return false;
    sessionStorage.setItem(STORE, fromHash);
    history.replaceState(null, '', location.pathname + location.search); // keep it off the screen
    return true;
  };
  takeTokenFromAddress();

  const sendAuth = () => {
    const token = sessionStorage.getItem(STORE);
    if (token) socket.send(JSON.stringify({ type: 'auth', token }));
  };
  const socket = connect('/gpio', {
    open: (ws) => {
      ui.message.textContent = '';
      const token = sessionStorage.getItem(STORE);
      if (token) ws.send(JSON.stringify({ type: 'auth', token }));
      ws.send('{"type":"status"}');
    },
    message: (data) => onMessage(JSON.parse(data)),
    close: () => { setLocked(false); ui.message.textContent = 'Connection lost: reconnecting…'; },
  });
  setInterval(() => socket.send('{"type":"status"}'), STATUS_MILLIS);

  // A #token= link opened in a tab that is already open only changes the fragment.
  window.addEventListener('hashchange', () => { if (takeTokenFromAddress()) sendAuth(); });

  ui.form.addEventListener('submit', (e) => {
    e.preventDefault();
    const token = ui.token.value.trim();
    ui.token.value = '';
    if (!token) return;
    sessionStorage.setItem(STORE, token);
    sendAuth();
  });

  const setLocked = (unlocked) => {
    state.unlocked = unlocked;
    ui.section.classList.toggle('unlocked', unlocked);
    ui.section.classList.toggle('locked', !unlocked);
    ui.lockIcon.textContent = unlocked ? '\u{1F513}' : '\u{1F512}';
    ui.lockText.textContent = unlocked ? 'Unlocked: you can change pins' : 'Locked: reading only';
    for (const control of container.querySelectorAll('button.level, input[type=range]')) {
      control.setAttribute('aria-disabled', String(!unlocked));
    }
  };

  const onMessage = (m) => {
    if (m.type === 'pins') {
      render(m);
      state.gpioVersion = m.version;
    } else if (m.type === 'status') {
      onStatus(m.status);
    } else if (m.type === 'auth') {
      setLocked(m.ok);
      if (m.ok) {
        ui.message.textContent = '';
      } else {
        sessionStorage.removeItem(STORE);
        ui.message.textContent = HUMAN[m.message] || LOCKED;
      }
    } else if (m.type === 'error') {
      ui.message.textContent = state.unlocked ? m.message : LOCKED;
    }
  };

  const cells = new Map();
  const render = (m) => {
    if (cells.size !== m.pins.length) {
      container.textContent = '';
      cells.clear();
      for (const p of m.pins) cells.set(p.physical, makeCell(p));
      for (const p of m.pins) container.append(cells.get(p.physical).root);
      setLocked(state.unlocked);
    }
    for (const p of m.pins) cells.get(p.physical).update(p);
  };

  const makeCell = (p) => {
    const root = el('div', `pin ${p.mode}`);
    root.append(el('span', 'num', String(p.physical)));
    root.append(el('span', 'label', p.mode === 'unused' || p.mode === 'power' || p.mode === 'ground'
      ? p.label : `${p.label} ${p.mode}`));
    let update = () => {};
    if (p.mode === 'output') {
      const button = el('button', 'level');
      button.id = `pin-${p.bcm}`;
      button.type = 'button';
      button.setAttribute('aria-label', `${p.label} output`);
      button.addEventListener('click', () => socket.send(JSON.stringify({ type: 'toggle', bcm: p.bcm })));
      root.append(button);
      update = (q) => { button.dataset.level = q.level ? '1' : '0'; button.textContent = q.level ? 'HIGH' : 'LOW'; };
    } else if (p.mode === 'input') {
      // The level as a word and a shape, not by colour alone.
      const led = el('span', 'led');
      led.id = `pin-${p.bcm}`;
      led.setAttribute('role', 'status');
      led.setAttribute('aria-label', `${p.label} input level`);
      root.append(led);
      update = (q) => { led.dataset.level = q.level ? '1' : '0'; led.textContent = q.level ? 'HIGH' : 'LOW'; };
    } else if (p.mode === 'pwm') {
      const range = el('input');
      range.type = 'range'; range.min = '0'; range.max = '100'; range.step = '1';
      range.id = `pin-${p.bcm}`;
      range.setAttribute('aria-label', `${p.label} duty cycle`);
      const value = el('span', 'duty');
      range.addEventListener('change', () => socket.send(JSON.stringify({ type: 'pwm', bcm: p.bcm, duty: Number(range.value) })));
      root.append(range, value);
      update = (q) => { if (document.activeElement !== range) range.value = q.duty; value.textContent = `${q.duty}%`; range.dataset.duty = q.duty; };
    }
    return { root, update };
  };
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
