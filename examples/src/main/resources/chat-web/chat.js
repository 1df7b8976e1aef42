// The chat page: join with a nickname, then every line typed goes to the room. The server sends
// JSON objects (welcome, join, leave, message, error); everything shown is set as text, never as
// markup, so a line cannot inject HTML.
"use strict";

const PROTOCOL = "lightwire-chat";
const byId = (id) => document.getElementById(id);
let socket = null;

function show(kind, text, nick) {
  const item = document.createElement("li");
  item.className = kind;
  if (nick !== undefined) {
    const who = document.createElement("span");
    who.className = "nick";
    who.textContent = nick + ":";
    item.appendChild(who);
  }
  item.appendChild(document.createTextNode(text));
  const log = byId("log");
  log.appendChild(item);
  log.scrollTop = log.scrollHeight;
}

function setMembers(names) {
  const list = byId("members");
  list.replaceChildren(...names.map((name) => {
    const item = document.createElement("li");
    item.textContent = name;
    return item;
  }));
}

function memberNames() {
  return Array.from(byId("members").children, (item) => item.textContent);
}

function connected(joined) {
  byId("join").hidden = joined;
  byId("say").hidden = !joined;
  if (joined) {
    byId("line").focus();
  }
}

function onMessage(event) {
  const m = JSON.parse(event.data);
  switch (m.type) {
    case "welcome":
      byId("status").textContent = "joined as " + m.nick;
      setMembers(m.members);
      connected(true);
      break;
    case "join":
      show("notice", m.nick + " joined (" + m.count + " here)");
      if (!memberNames().includes(m.nick)) {
        setMembers(memberNames().concat(m.nick));
      }
      break;
    case "leave":
      show("notice", m.nick + " left (" + m.count + " here)");
      setMembers(memberNames().filter((name) => name !== m.nick));
      break;
    case "message":
      show("message", m.text, m.nick);
      break;
    case "error":
      show("error", m.text);
      break;
  }
}

function join(nick) {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  socket = new WebSocket(scheme + location.host + "/chat", PROTOCOL);
  byId("status").textContent = "connecting...";
  socket.onopen = () => socket.send(nick);
  socket.onmessage = onMessage;
  socket.onclose = (event) => {
    byId("status").textContent = "disconnected (" + event.code + ")";
    show("notice", "disconnected (" + event.code + (event.reason ? " " + event.reason : "") + ")");
    setMembers([]);
    connected(false);
    socket = null;
  };
}

byId("join").addEventListener("submit", (event) => {
  event.preventDefault();
  const nick = byId("nick").value.trim();
  if (socket === null) {
    join(nick);
  } else if (socket.readyState === WebSocket.OPEN) {
    socket.send(nick); // the previous name was refused: try another one
  }
});

byId("say").addEventListener("submit", (event) => {
  event.preventDefault();
  const line = byId("line");
  if (socket !== null && socket.readyState === WebSocket.OPEN && line.value !== "") {
    socket.send(line.value);
    line.value = "";
  }
});

byId("leave").addEventListener("click", () => {
  if (socket !== null) {
    socket.close(1000, "bye");
  }
});
