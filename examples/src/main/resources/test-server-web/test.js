// The test page: one WebSocket per protocol, as libwebsockets' test.html. Drawing commands are
// the original's text format: "d COLOR X1 Y1 X2 Y2;" for a line and "clear;" to wipe the canvas.
"use strict";

const byId = (id) => document.getElementById(id);
const base = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/";

function closedText(event) {
  return "closed (" + event.code + (event.reason ? " " + event.reason : "") + ")";
}

// dumb-increment-protocol: show each number the server pushes.
const dumb = new WebSocket(base, "dumb-increment-protocol");
dumb.onopen = () => { byId("dumb-status").textContent = "connected"; };
dumb.onmessage = (event) => { byId("number").textContent = event.data; };
dumb.onclose = (event) => { byId("dumb-status").textContent = closedText(event); };
byId("reset").addEventListener("click", () => {
  if (dumb.readyState === WebSocket.OPEN) {
    dumb.send("reset\n");
  }
});

// lws-mirror-protocol: send strokes, draw what comes back (from any page).
const canvas = byId("canvas");
const context = canvas.getContext("2d");
const mirror = new WebSocket(base, "lws-mirror-protocol");
let strokes = 0;
let last = null;

mirror.onopen = () => { byId("mirror-status").textContent = "connected"; };
mirror.onclose = (event) => { byId("mirror-status").textContent = closedText(event); };
mirror.onmessage = (event) => {
  for (const command of String(event.data).split(";")) {
    const part = command.trim().split(" ");
    if (part[0] === "d" && part.length === 6) {
      const [x1, y1, x2, y2] = part.slice(2).map(Number);
      if ([x1, y1, x2, y2].every(Number.isFinite)) {
        context.strokeStyle = /^#[0-9a-fA-F]{6}$/.test(part[1]) ? part[1] : "#000000";
        context.lineWidth = 2;
        context.beginPath();
        context.moveTo(x1, y1);
        context.lineTo(x2, y2);
        context.stroke();
        strokes++;
      }
    } else if (part[0] === "clear") {
      context.clearRect(0, 0, canvas.width, canvas.height);
    }
  }
  byId("strokes").textContent = String(strokes);
};

function point(event) {
  const box = canvas.getBoundingClientRect();
  return [Math.round(event.clientX - box.left), Math.round(event.clientY - box.top)];
}

canvas.addEventListener("pointerdown", (event) => {
  last = point(event);
  canvas.setPointerCapture(event.pointerId);
});
canvas.addEventListener("pointermove", (event) => {
  if (last === null || mirror.readyState !== WebSocket.OPEN) {
    return;
  }
  const next = point(event);
  mirror.send("d " + byId("color").value + " " + last.join(" ") + " " + next.join(" ") + ";");
  last = next;
});
canvas.addEventListener("pointerup", () => { last = null; });
byId("clear").addEventListener("click", () => {
  if (mirror.readyState === WebSocket.OPEN) {
    mirror.send("clear;");
  }
});
