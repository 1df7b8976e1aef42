// What the page says about the camera: the firmware's camera.state and message (from /status), and
// whether the picture is stale (the camera socket is gone, or no frame came for a while) so a
// frozen picture never keeps saying "live" or an old frame rate.
const STALE_AFTER_MS = 3000;

export function cameraStateView(state, ui) {
  let camera = null; // the latest camera object of /status
  let connected = false;
  let lastFrameAt = 0;

  const render = () => {
    const noFrames = connected && performance.now() - lastFrameAt > STALE_AFTER_MS;
    state.stale = !connected || noFrames;
    let label;
    let message = '';
    if (!connected) {
      label = 'stale';
      message = 'Picture stale: lost the firmware, reconnecting…';
    } else if (camera && camera.state !== 'running') {
      label = camera.state;
      message = camera.message;
    } else if (noFrames) {
      label = 'stale';
      message = 'Picture stale: no frame for ' + Math.round(STALE_AFTER_MS / 1000) + ' s';
    } else {
      label = camera ? camera.state : 'connecting';
      message = camera && camera.message !== 'live' ? camera.message : '';
    }
    state.cameraState = label;
    state.cameraMessage = message;
    ui.status.textContent = label;
    ui.status.dataset.state = label;
    ui.overlay.textContent = message;
    ui.overlay.hidden = message === '';
    ui.picture.classList.toggle('stale', state.stale);
    if (state.stale) {
      state.fps = 0;
      ui.fps.textContent = '–';
    }
  };
  setInterval(render, 500);

  return {
    connected(value) { connected = value; render(); },
    frame() { lastFrameAt = performance.now(); if (state.stale) render(); },
    status(c) {
      camera = c || null;
      if (camera) ui.current.textContent = `now ${camera.width}×${camera.height}, ${camera.fps} fps, quality ${camera.quality}`;
      render();
    },
  };
}

// The settings form: POST /camera/settings with the access token the GPIO panel was unlocked with.
export function cameraSettingsForm(form, message, tokenKey) {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = sessionStorage.getItem(tokenKey);
    if (!token) {
      message.textContent = 'Unlock with the access token (GPIO, above) to change the camera.';
      return;
    }
    const [width, height] = form.size.value.split('x');
    const body = new URLSearchParams({ width, height });
    if (form.fps.value) body.set('fps', form.fps.value);
    if (form.quality.value) body.set('quality', form.quality.value);
    const r = await fetch('/camera/settings', { method: 'POST', headers: { Authorization: 'Bearer ' + token }, body });
    message.textContent = r.ok ? 'Applied: the camera restarts with them.' : (await r.text()).trim();
  });
}
