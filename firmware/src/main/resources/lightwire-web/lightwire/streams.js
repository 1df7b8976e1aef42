// Lightwire data streams for web pages (seed 000): the page side of docs/streams.md.
//
//   import { connect } from '/lightwire/streams.js';
//   const device = await connect();                    // ws://<this host>/streams
//   device.register('page-clock', { read: () => Date.now() });
//   device.register('counter', { write: (value) => show(value) });
//   const names = await device.list();                 // the device's streams
//   const value = await device.read('temperature');
//   await device.write('led', true);
//
// Values are msgpack (via @msgpack/msgpack, served next to this file): numbers, strings, booleans,
// null, arrays, plain objects and Uint8Array (bin). Failures reject with a StreamError whose `code`
// is one of the protocol's codes ('unknown-stream', 'permission-denied', 'timeout', ...).
import { encode, decode } from './msgpack/index.mjs';

const LIST = 1;
const READ = 2;
const WRITE = 3;
const RESULT = 4;
const ERROR = 5;
const MAX_ID = 0x7fffffff;

/** The subprotocol the device serves the streams on. */
export const SUBPROTOCOL = 'lightwire.streams.v1';

/** A failed request: `code` is the protocol's error code, `stream` the stream named, if any. */
export class StreamError extends Error {
  constructor(code, message, stream = null) {
    super(message);
    this.name = 'StreamError';
    this.code = code;
    this.stream = stream;
  }
}

/**
 * Opens the streams connection. Options: `url` (default: ws[s]://<page host>/streams), `timeout`
 * (default per-request timeout in ms, 5000). Resolves once connected.
 */
export function connect(options = {}) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = options.url ?? `${scheme}//${location.host}/streams`;
  const device = new DeviceStreams(new WebSocket(url, [SUBPROTOCOL]), options.timeout ?? 5000);
  return device.opened;
}

/** The device, as a page sees it. */
export class DeviceStreams {
  constructor(socket, timeout) {
    this.socket = socket;
    this.timeout = timeout;
    this.streams = new Map();
    this.pending = new Map();
    this.nextId = 1;
    /** Called with (name, value) for a device write to a stream this page did not register. */
    this.onunhandled = null;
    /** Called with the CloseEvent when the connection ends. */
    this.onclose = null;
    socket.binaryType = 'arraybuffer';
    this.opened = new Promise((resolve, reject) => {
      socket.onopen = () => resolve(this);
      socket.onerror = () => reject(new StreamError('closed', 'cannot connect to ' + socket.url));
    });
    socket.onmessage = (event) => this.#receive(event.data);
    socket.onclose = (event) => {
      for (const { reject, timer } of this.pending.values()) {
        clearTimeout(timer);
        reject(new StreamError('closed', `connection closed (${event.code} ${event.reason})`));
      }
      this.pending.clear();
      if (this.onclose) this.onclose(event);
    };
  }

  /** True while connected. */
  get connected() {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /**
   * Registers a page stream the device can list, read and write. `handlers.read()` returns the
   * value (or a promise of it); `handlers.write(value)` takes the device's writes. A stream without
   * `read` is write-only, one without `write` read-only.
   */
  register(name, handlers) {
    if (typeof name !== 'string' || name.length === 0 || name.length > 64 || name.includes('/')) {
      throw new TypeError(`stream name '${name}' must have 1 to 64 characters and no '/'`);
    }
    if (this.streams.has(name)) {
      throw new Error(`stream '${name}' is registered already`);
    }
    this.streams.set(name, handlers);
  }

  /** Removes a page stream; false when there was none. */
  unregister(name) {
    return this.streams.delete(name);
  }

  /** The names of the device's streams. */
  list(timeout = this.timeout) {
    return this.#request([LIST], timeout);
  }

  /** Reads a device stream. */
  read(name, timeout = this.timeout) {
    return this.#request([READ, name], timeout, name);
  }

  /** Writes a device stream; resolves with the handler's answer (usually null). */
  write(name, value, timeout = this.timeout) {
    return this.#request([WRITE, name, value], timeout, name);
  }

  /** Closes the connection normally. */
  close() {
    this.socket.close(1000, 'page closed the streams');
  }

  #request([op, ...rest], timeout, stream = null) {
    if (!this.connected) {
      return Promise.reject(new StreamError('closed', 'not connected'));
    }
    const id = this.nextId;
    this.nextId = this.nextId === MAX_ID ? 1 : this.nextId + 1;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new StreamError('timeout', `no answer within ${timeout} ms`, stream));
      }, timeout);
      this.pending.set(id, { resolve, reject, timer, stream });
      this.socket.send(encode([op, id, ...rest]));
    });
  }

  #receive(data) {
    let message;
    try {
      message = decode(new Uint8Array(data));
    } catch (e) {
      console.warn('lightwire streams: undecodable message from the device', e);
      return;
    }
    if (!Array.isArray(message) || message.length < 2) {
      return;
    }
    const [op, id] = message;
    if (op === RESULT || op === ERROR) {
      const waiting = this.pending.get(id);
      if (!waiting) {
        if (op === ERROR) console.warn('lightwire streams: device error', message.slice(2));
        return; // late, or an error about a write that wanted no answer
      }
      this.pending.delete(id);
      clearTimeout(waiting.timer);
      if (op === RESULT) {
        waiting.resolve(message[2]);
      } else {
        waiting.reject(new StreamError(message[2], message[3], message[4] ?? waiting.stream));
      }
      return;
    }
    this.#answer(op, id, message[2], message[3]);
  }

  async #answer(op, id, name, value) {
    try {
      if (op === LIST) {
        this.#send([RESULT, id, [...this.streams.keys()]]);
        return;
      }
      if (op !== READ && op !== WRITE) {
        this.#error(id, 'malformed', `unexpected op ${op}`, null);
        return;
      }
      const handlers = this.streams.get(name);
      if (!handlers) {
        if (op === WRITE && this.onunhandled) this.onunhandled(name, value);
        this.#error(id, 'unknown-stream', `no stream named '${name}'`, name);
        return;
      }
      const handler = op === READ ? handlers.read : handlers.write;
      if (!handler) {
        const rule = op === READ ? 'write-only' : 'read-only';
        this.#error(id, 'permission-denied', `stream '${name}' is ${rule}`, name);
        return;
      }
      const result = await (op === READ ? handler() : handler(value));
      this.#send([RESULT, id, op === READ ? result ?? null : null]);
    } catch (e) {
      this.#error(id, 'handler-failed', `stream '${name}': ${e?.message ?? e}`, name ?? null);
    }
  }

  #error(id, code, message, stream) {
    this.#send([ERROR, id, code, message, stream]);
  }

  #send(message) {
    // A write with id 0 wants no answer, and a closed socket takes none.
    if (message[1] !== 0 && this.connected) {
      this.socket.send(encode(message));
    }
  }
}
