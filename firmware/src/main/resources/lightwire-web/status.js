// The status section: the /status document, which the GPIO socket brings every second.
export function statusView(boardLine, line, pools, viewers) {
  return (s) => {
    // The user's application first: the page is its page; Lightwire is the platform under it.
    const app = s.app.name ? `${s.app.name} ${s.app.version} (${s.app.state}) on ` : '';
    boardLine.textContent = `${app}${s.board.name} (${s.board.id}), Lightwire ${s.version}`;
    if (s.app.name) {
      document.title = `${s.app.name} · Lightwire`;
    }
    const heapMiB = (b) => (b / 1048576).toFixed(1);
    line.textContent = `up ${uptime(s.uptimeMillis)} · connections ${s.connections.open} of ${s.connections.max}`
      + ` (refused ${s.connections.refused}) · heap ${heapMiB(s.heap.usedBytes)} of ${heapMiB(s.heap.maxBytes)} MiB`
      + ` · app queue refusals ${s.app.queueRefusals}`
      + (s.camera ? ` · camera ${s.camera.framesBroadcast} frames sent, ${s.camera.broadcastsRefused} skipped` : '');
    rows(pools, s.pools.map((p) => [p.name, p.capacity, p.inUse, p.itemBytes]));
    // WebSocket viewers (/camera) and MJPEG-over-HTTP viewers (/camera.mjpg) in one table.
    const camera = s.camera || { viewers: [] };
    const viewerRows = camera.viewers.map((v) => ['WebSocket', v])
      .concat((camera.httpViewers || []).map((v) => ['HTTP', v]));
    rows(viewers, viewerRows.map(([kind, v]) =>
      [`${v.remote} (${kind})`, v.maxFps || 'all', v.framesSent, v.framesDropped, v.framesSkippedForRate]));
  };
}

function rows(tbody, data) {
  tbody.textContent = '';
  for (const r of data) {
    const tr = document.createElement('tr');
    for (const v of r) {
      const td = document.createElement('td');
      td.textContent = String(v);
      tr.append(td);
    }
    tbody.append(tr);
  }
}

function uptime(ms) {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}h ${String(Math.floor(s / 60) % 60).padStart(2, '0')}m ${String(s % 60).padStart(2, '0')}s`;
}
