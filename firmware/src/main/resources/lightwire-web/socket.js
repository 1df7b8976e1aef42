// A WebSocket to this page's server that reconnects after a second when it drops.
export function wsUrl(path) {
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + path;
}

export function connect(path, handlers, binary = false) {
  let ws = null;
  const open = () => {
    // A function path is asked again at each (re)connect: it may carry a token entered since.
    ws = new WebSocket(wsUrl(typeof path === 'function' ? path() : path));
    if (binary) ws.binaryType = 'arraybuffer';
    ws.onopen = () => handlers.open && handlers.open(ws);
    ws.onmessage = (e) => handlers.message(e.data, ws);
    ws.onclose = () => { handlers.close && handlers.close(); setTimeout(open, 1000); };
  };
  open();
  return { send: (text) => ws && ws.readyState === WebSocket.OPEN && ws.send(text) };
}
