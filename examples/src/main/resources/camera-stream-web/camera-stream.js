// The camera-stream page: one binary WebSocket message per frame (a whole JPEG), shown in an <img>,
// and text messages {"viewers":N} when a page comes or goes. window.cameraStream holds the counters
// (the browser test reads them).
const state = { frames: 0, lastSeq: -1, viewers: 0, open: false, badFrames: 0 };
window.cameraStream = state;

const img = document.getElementById('frame');
const COMMENT = new TextEncoder().encode('lightwire seq=');
// Object URLs of the frame on screen and of the one loading; each is revoked once replaced.
let shownUrl = null;
let pendingUrl = null;
img.onload = () => {
  if (shownUrl) URL.revokeObjectURL(shownUrl);
  shownUrl = pendingUrl;
  pendingUrl = null;
};

// The sequence number from the frame's "lightwire seq=<n> t=<micros>" JPEG comment, or -1.
// The emulated camera writes it; a real camera's frames (rpicam) do not carry it in this example.
function sequenceOf(bytes) {
  const end = Math.min(bytes.length - COMMENT.length, 512);
  outer: for (let i = 2; i < end; i++) {
    for (let j = 0; j < COMMENT.length; j++) {
      if (bytes[i + j] !== COMMENT[j]) continue outer;
    }
    let n = 0;
    let k = i + COMMENT.length;
    while (k < bytes.length && bytes[k] >= 48 && bytes[k] <= 57) n = n * 10 + (bytes[k++] - 48);
    return n;
  }
  return -1;
}

function show(buffer) {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) {
    state.badFrames++;
    return;
  }
  state.frames++;
  state.lastSeq = sequenceOf(bytes);
  document.getElementById('frames').textContent = state.frames;
  document.getElementById('seq').textContent = state.lastSeq >= 0 ? state.lastSeq : 'n/a';
  const url = URL.createObjectURL(new Blob([buffer], { type: 'image/jpeg' }));
  if (pendingUrl) URL.revokeObjectURL(pendingUrl); // a newer frame came before it loaded
  pendingUrl = url;
  img.src = url;
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(`${scheme}//${location.host}/stream`, 'camera-stream');
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => {
    state.open = true;
    document.getElementById('state').textContent = 'streaming';
  };
  socket.onmessage = (event) => {
    if (typeof event.data === 'string') {
      state.viewers = JSON.parse(event.data).viewers;
      document.getElementById('viewers').textContent = state.viewers;
    } else {
      show(event.data);
    }
  };
  socket.onclose = (event) => {
    state.open = false;
    document.getElementById('state').textContent = `closed (${event.code}); retrying in 2 s`;
    setTimeout(connect, 2000);
  };
}

connect();
