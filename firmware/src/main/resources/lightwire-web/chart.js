// A small live chart of two series on a plain canvas: fps (left scale) and latency in ms (right).
export class LiveChart {
  constructor(canvas, samples) {
    this.canvas = canvas;
    this.samples = samples;
    this.fps = [];
    this.latency = [];
  }

  push(fps, latencyMs) {
    this.fps.push(fps);
    this.latency.push(Number.isFinite(latencyMs) ? latencyMs : 0);
    if (this.fps.length > this.samples) { this.fps.shift(); this.latency.shift(); }
    this.draw();
  }

  draw() {
    const c = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = c.clientWidth || c.width, height = c.clientHeight || c.height;
    if (c.width !== Math.round(width * ratio)) { c.width = Math.round(width * ratio); c.height = Math.round(height * ratio); }
    const ctx = c.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const pad = { l: 34, r: 40, t: 8, b: 8 };
    const w = width - pad.l - pad.r, h = height - pad.t - pad.b;
    const maxFps = niceMax(Math.max(1, ...this.fps));
    const maxLat = niceMax(Math.max(10, ...this.latency));
    ctx.strokeStyle = '#e2e5eb';
    ctx.fillStyle = '#6b7385';
    ctx.font = '10px system-ui, sans-serif';
    for (let i = 0; i <= 4; i++) {
      const y = pad.t + (h * i) / 4;
      ctx.beginPath(); ctx.moveTo(pad.l, y); ctx.lineTo(pad.l + w, y); ctx.stroke();
      ctx.textAlign = 'right'; ctx.fillText(label((maxFps * (4 - i)) / 4), pad.l - 4, y + 3);
      ctx.textAlign = 'left'; ctx.fillText(label((maxLat * (4 - i)) / 4), pad.l + w + 4, y + 3);
    }
    this.line(ctx, this.fps, maxFps, pad, w, h, '#2b6cb0');
    this.line(ctx, this.latency, maxLat, pad, w, h, '#dd6b20');
  }

  line(ctx, values, max, pad, w, h, color) {
    if (values.length < 2) return;
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    values.forEach((v, i) => {
      const x = pad.l + (w * (i + this.samples - values.length)) / (this.samples - 1);
      const y = pad.t + h - (h * Math.min(v, max)) / max;
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
  }
}

function label(v) {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

function niceMax(v) {
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}
