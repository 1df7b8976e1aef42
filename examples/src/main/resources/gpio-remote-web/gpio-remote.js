// The gpio-remote page. The access token comes in the address's fragment (#token=...), which the
// browser never sends to the server; it moves to sessionStorage (this tab only) and leaves the
// address bar. window.gpioRemote holds what the page shows (the browser test reads it).
const page = { led: null, button: null, presses: 0, unlocked: false, open: false, lastError: '' };
window.gpioRemote = page;

const TOKEN_KEY = 'gpio-remote-token';
const fromAddress = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromAddress) {
  sessionStorage.setItem(TOKEN_KEY, fromAddress);
  history.replaceState(null, '', location.pathname + location.search);
}
const token = sessionStorage.getItem(TOKEN_KEY);

const $ = (id) => document.getElementById(id);
let socket = null;

function showState(state) {
  page.led = state.led;
  page.button = state.button;
  page.presses = state.presses;
  $('led').dataset.level = state.led ? '1' : '0';
  $('led').textContent = state.led ? 'on' : 'off';
  $('led-label').textContent = `LED, GPIO ${state.ledGpio}`;
  $('button').dataset.level = state.button ? '1' : '0';
  $('button').textContent = state.button ? 'pressed' : 'released';
  $('button-label').textContent = `button, GPIO ${state.buttonGpio} (${state.board} board)`;
  $('presses').textContent = state.presses;
}

function showAccess() {
  $('access').textContent = page.unlocked
    ? 'you may switch the LED'
    : 'watching only: open the address printed by the example (with #token=...) to switch the LED';
}

$('led-toggle').addEventListener('click', () => {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify({ type: 'led', on: !page.led }));
  }
});

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  socket = new WebSocket(`${scheme}//${location.host}/remote`, 'gpio-remote');
  socket.onopen = () => {
    page.open = true;
    $('led-toggle').disabled = false;
    if (token) socket.send(JSON.stringify({ type: 'auth', token }));
    showAccess();
  };
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'state') {
      showState(message);
    } else if (message.type === 'auth') {
      page.unlocked = message.ok;
      if (!message.ok) page.lastError = $('message').textContent = 'the access token was refused';
      showAccess();
    } else if (message.type === 'error') {
      page.lastError = $('message').textContent = message.message;
    }
  };
  socket.onclose = (event) => {
    page.open = false;
    page.unlocked = false;
    $('led-toggle').disabled = true;
    $('access').textContent = `closed (${event.code}); retrying in 2 s`;
    setTimeout(connect, 2000);
  };
}

showAccess();
connect();
