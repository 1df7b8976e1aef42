// The GPIO panel: the 40-pin header as printed on the board, with live states pushed by the
// firmware. Reading is open; changing a pin needs the access token, which the page takes from
// "#token=..." in its address (printed at first boot) or from the form, and keeps for the session.
import { connect } from './socket.js';

const STORE = 'lightwire.token';

export function startGpio(container, state, ui) {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(STORE, fromHash);
    history.replaceState(null, '', location.pathname + location.search); // keep it off the screen
  }
  const auth = (ws) => {
    const token = sessionStorage.getItem(STORE);
    if (token) ws.send(JSON.stringify({ type: 'auth', token }));
  };
  const socket = connect('/gpio', {
    open: auth,
    message: (data, ws) => onMessage(JSON.parse(data), ws),
    close: () => { ui.message.textContent = 'reconnecting…'; },
  });

  ui.form.addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(STORE, ui.token.value.trim());
    ui.token.value = '';
    socket.send(JSON.stringify({ type: 'auth', token: sessionStorage.getItem(STORE) }));
  });

  const onMessage = (m) => {
    if (m.type === 'pins') {
      render(m);
      state.gpioVersion = m.version;
    } else if (m.type === 'auth') {
      state.unlocked = m.ok;
      ui.lock.textContent = m.ok ? 'unlocked: you can change pins' : 'wrong token: reading only';
      ui.lock.classList.toggle('unlocked', m.ok);
      if (!m.ok) sessionStorage.removeItem(STORE);
    } else if (m.type === 'error') {
      ui.message.textContent = m.message;
    }
  };

  const cells = new Map();
  const render = (m) => {
    if (cells.size !== m.pins.length) {
      container.textContent = '';
      cells.clear();
      for (const p of m.pins) cells.set(p.physical, makeCell(p));
      for (const p of m.pins) container.append(cells.get(p.physical).root);
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
      button.addEventListener('click', () => socket.send(JSON.stringify({ type: 'toggle', bcm: p.bcm })));
      root.append(button);
      update = (q) => { button.dataset.level = q.level ? '1' : '0'; button.textContent = q.level ? 'HIGH' : 'LOW'; };
    } else if (p.mode === 'input') {
      const led = el('span', 'led');
      led.id = `pin-${p.bcm}`;
      led.title = 'input level';
      root.append(led);
      update = (q) => { led.dataset.level = q.level ? '1' : '0'; };
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
