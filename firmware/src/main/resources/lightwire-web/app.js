// The Lightwire page: camera stream, live chart, GPIO panel and status. Plain ES modules, no build.
import { startCamera } from './camera.js';
import { cameraSettingsForm, cameraStateView } from './camera-state.js';
import { LiveChart } from './chart.js';
import { startGpio, STORE } from './gpio.js';
import { statusView } from './status.js';

// What the page shows, also read by the browser tests.
const state = (window.lightwire = {
  frames: 0, lastSeq: -1, fps: 0, latencyMs: NaN, decodeErrors: 0, gpioVersion: -1, unlocked: false,
  cameraState: 'connecting', cameraMessage: '', stale: true,
});

const cameraView = cameraStateView(state, {
  status: document.getElementById('camera-state'),
  overlay: document.getElementById('camera-overlay'),
  picture: document.querySelector('.picture'),
  fps: document.getElementById('fps'),
  current: document.getElementById('camera-current'),
});
cameraSettingsForm(document.getElementById('camera-settings'),
  document.getElementById('camera-settings-message'), STORE);

const camera = startCamera(document.getElementById('camera'), state, {
  frames: document.getElementById('frames'),
  fps: document.getElementById('fps'),
  latency: document.getElementById('latency'),
  status: document.getElementById('camera-state'),
}, cameraView);
document.getElementById('max-fps').addEventListener('change', (e) => camera.maxFps(Number(e.target.value)));

const chart = new LiveChart(document.getElementById('chart'), 120);
setInterval(() => chart.push(state.fps, state.latencyMs), 500);

const showPanels = statusView(document.getElementById('board-line'), document.getElementById('status-line'),
  document.querySelector('#pools tbody'), document.querySelector('#viewers tbody'));
const showStatus = (s) => { showPanels(s); cameraView.status(s.camera); };
startGpio(document.getElementById('header'), state, {
  section: document.getElementById('gpio-section'),
  form: document.getElementById('unlock'),
  token: document.getElementById('token'),
  lockIcon: document.querySelector('#lock-state .lock-icon'),
  lockText: document.querySelector('#lock-state .lock-text'),
  message: document.getElementById('gpio-message'),
}, showStatus);
