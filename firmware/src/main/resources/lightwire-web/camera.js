// The camera stream: one binary message per frame, each a whole JPEG whose COM segment says
// "lightwire seq=<n> t=<capture time, epoch microseconds>". Frames are decoded one at a time; while
// one decodes, only the newest arrival is kept, so a slow browser skips frames instead of lagging.
import { connect } from './socket.js';

const SOI = 0xd8, SOS = 0xda, COM = 0xfe;
const COMMENT = /^lightwire seq=(\d+) t=(\d+)/;

/** Reads seq and capture time (ms) from the frame's COM segment; null when there is none. */
export function frameComment(bytes) {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) return null;
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1];
    if (marker === SOS) break;
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    if (marker === COM) {
      const text = String.fromCharCode(...bytes.subarray(at + 4, at + 2 + length));
      const m = COMMENT.exec(text);
      if (m) return { seq: Number(m[1]), captureMs: Number(m[2]) / 1000 };
    }
    at += 2 + length;
  }
  return null;
}

export function startCamera(canvas, state, out) {
  const ctx = canvas.getContext('2d');
  const drawTimes = [];
  let pending = null;
  let decoding = false;

  const draw = (bitmap, meta) => {
    if (canvas.width !== bitmap.width || canvas.height !== bitmap.height) {
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
    }
    ctx.drawImage(bitmap, 0, 0);
    const now = performance.now();
    drawTimes.push(now);
    while (drawTimes.length && drawTimes[0] < now - 1000) drawTimes.shift();
    state.frames++;
    state.fps = drawTimes.length > 1 ? ((drawTimes.length - 1) * 1000) / (now - drawTimes[0]) : 0;
    if (meta) {
      state.lastSeq = meta.seq;
      state.latencyMs = Math.max(0, Date.now() - meta.captureMs);
    }
    overlay();
    out.frames.textContent = state.frames;
    out.fps.textContent = state.fps.toFixed(1);
    out.latency.textContent = Number.isFinite(state.latencyMs) ? state.latencyMs.toFixed(0) + ' ms' : '–';
  };

  const overlay = () => {
    const text = `${state.fps.toFixed(1)} fps · ${Number.isFinite(state.latencyMs) ? state.latencyMs.toFixed(0) : '–'} ms`;
    ctx.font = `${Math.max(12, Math.round(canvas.height / 24))}px system-ui, sans-serif`;
    const w = ctx.measureText(text).width;
    const h = Math.max(12, Math.round(canvas.height / 24));
    const y = canvas.height - h - 18; // bottom left: the emulated scene prints its frame number top left
    ctx.fillStyle = 'rgba(0,0,0,0.6)';
    ctx.fillRect(8, y, w + 12, h + 10);
    ctx.fillStyle = '#fff';
    ctx.textBaseline = 'top';
    ctx.fillText(text, 14, y + 5);
  };

  const decodeNext = async () => {
    decoding = true;
    while (pending) {
      const frame = pending;
      pending = null;
      try {
        const bitmap = await createImageBitmap(new Blob([frame.bytes], { type: 'image/jpeg' }));
        draw(bitmap, frame.meta);
        bitmap.close();
      } catch (e) {
        state.decodeErrors++;
      }
    }
    decoding = false;
  };

  let maxFps = 0;
  // With camera.access=token the camera needs the token the GPIO form or a #token= link stored.
  const cameraPath = () => {
    const token = sessionStorage.getItem('lightwire.token');
    return token ? `/camera?token=${encodeURIComponent(token)}` : '/camera';
  };
  const socket = connect(cameraPath, {
    open: (ws) => {
      out.status.textContent = 'live';
      if (maxFps > 0) ws.send(JSON.stringify({ maxFps }));
    },
    message: (data) => {
      const bytes = new Uint8Array(data);
      pending = { bytes, meta: frameComment(bytes) };
      if (!decoding) decodeNext();
    },
    close: () => { out.status.textContent = 'reconnecting'; },
  }, true);

  return {
    maxFps(fps) {
      maxFps = fps;
      socket.send(JSON.stringify({ maxFps: fps }));
    },
  };
}
