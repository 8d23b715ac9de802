// Runs live.js in jsdom against scenarios written by tests/live_diff.rs
// (`client_scenarios`): for each, the page's dead render, the messages the server sent, and
// the live markup expected after each. Checks that the container's DOM equals the expected
// markup (both parsed by the same HTML parser) after every message, that clicks and submits go
// up the socket as [seq, event(, fields)], and that a focused field survives a redraw.
//
//   node framework/tests/live_client.mjs framework/src/live/live.js SCENARIOS.json
//
// jsdom must be resolvable (e.g. NODE_PATH=/path/to/node_modules).
import fs from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { JSDOM } = require("jsdom");
const [, , scriptPath, scenariosPath] = process.argv;
const script = fs.readFileSync(scriptPath, "utf8");
const scenarios = JSON.parse(fs.readFileSync(scenariosPath, "utf8"));

function page(dead, adopt) {
  const state = adopt ? `<script type="application/json" id="rook-live-state">${adopt}</script>` : "";
  const dom = new JSDOM(
    `<!DOCTYPE html><html><body><form id="rook-live" method="post"></form><div data-rook-live>${dead}</div>${state}</body></html>`,
    { runScripts: "outside-only", url: "http://localhost/view?x=1#top" },
  );
  const w = dom.window;
  const sockets = [];
  w.WebSocket = class {
    constructor(url) {
      this.url = url;
      this.readyState = 1;
      this.sent = [];
      sockets.push(this);
    }
    send(m) { this.sent.push(m); }
    close() { this.closed = true; }
  };
  const root = w.document.querySelector("[data-rook-live]");
  const parsed = root.firstChild;
  w.eval(script);
  const parse = (h) => {
    const t = w.document.createElement("template");
    t.innerHTML = h;
    return t.innerHTML;
  };
  return { w, root, sockets, parse, parsed };
}

let failures = 0;
const fail = (...what) => {
  failures++;
  if (failures < 5) console.error(...what);
};

for (const [n, s] of scenarios.patches.entries()) {
  const { root, sockets, parse } = page(s.dead);
  const ws = sockets[0];
  if (!/^ws:\/\/localhost\/view\?x=1&_t=[a-z0-9]+$/.test(ws.url)) fail("socket url", ws.url);
  s.messages.forEach((m, i) => {
    ws.onmessage({ data: m });
    if (ws.closed) fail(`scenario ${n}: the client closed at message ${i}`);
    const want = parse(s.expect[i]);
    if (root.innerHTML !== want) fail(`scenario ${n}, message ${i}: ${m}\n got: ${root.innerHTML}\nwant: ${want}`);
  });
}

// Adoption: the page carries its tree; the client mounts the server's markup as it is (no
// redraw), joins with _s=0, and patches from there.
for (const [n, s] of scenarios.patches.entries()) {
  const adopt = JSON.stringify({ t: "tab" + n, m: JSON.parse(s.messages[0])[1] }).replace(/</g, "\\u003c");
  const { root, sockets, parse, parsed } = page(s.dead, adopt);
  const ws = sockets[0];
  if (!ws.url.endsWith(`_t=tab${n}&_s=0`)) fail("adopting socket url", ws.url);
  ws.onmessage({ data: "[0,null,0]" });
  if (parsed && root.firstChild !== parsed) fail(`scenario ${n}: adoption redrew the page`);
  s.messages.slice(1).forEach((m, i) => {
    ws.onmessage({ data: m });
    const want = parse(s.expect[i + 1]);
    if (root.innerHTML !== want) fail(`adopted scenario ${n}, message ${i + 1}: ${m}\n got: ${root.innerHTML}\nwant: ${want}`);
  });
}

// Events: a click on an on:click button, a submit of an on:submit form.
{
  const e = scenarios.events;
  const { w, root, sockets } = page(e.dead);
  const ws = sockets[0];
  ws.onmessage({ data: e.join });
  root.querySelector('button[name="_e"]').click();
  const form = root.querySelector("form");
  form.querySelector('input[name="n"]').value = "4&2";
  form.dispatchEvent(new w.Event("submit", { bubbles: true, cancelable: true }));
  const want = JSON.stringify([[1, "Up"], [2, "Set", "n=4%262"]]);
  if (JSON.stringify(ws.sent.map((m) => JSON.parse(m))) !== want) fail("events sent", ws.sent, "want", want);
  // The socket drops before any acknowledgement; a click meanwhile waits (no form post). After
  // the next join, which acknowledges event 1, events 2 and 3 are sent again, in order.
  ws.readyState = 3;
  w.setTimeout = (f) => f();
  ws.onclose();
  const click = new w.MouseEvent("click", { bubbles: true, cancelable: true });
  root.querySelector('button[name="_e"]').dispatchEvent(click);
  if (!click.defaultPrevented) fail("a click while reconnecting posted the form");
  const again = sockets.at(-1);
  if (again === ws) fail("no reconnect");
  if (!/&_s=0$/.test(again.url)) fail("the reconnect does not say what the tab holds", again.url);
  // The server still had the session parked and nothing changed: [0, null, ack].
  const before = root.innerHTML;
  again.onmessage({ data: "[0,null,1]" });
  if (root.innerHTML !== before || again.closed) fail("a resume without changes changed the page");
  const resent = JSON.stringify([[2, "Set", "n=4%262"], [3, "Up"]]);
  if (JSON.stringify(again.sent.map((m) => JSON.parse(m))) !== resent) fail("resent", again.sent, "want", resent);
  // Then a patch continues the numbering.
  again.onmessage({ data: '[1,{"0":"9"},3]' });
  if (!root.querySelector("p").textContent.includes("9") || again.closed) fail("the patch after a resume", root.innerHTML);
}

// Focus: a patch that redraws the block holding the focused field keeps that element, its
// value and its selection.
{
  const f = scenarios.focus;
  const { w, root, sockets } = page(f.dead);
  const ws = sockets[0];
  ws.onmessage({ data: f.join });
  const input = root.querySelector('input[name="q"]');
  input.focus();
  input.value = "typing";
  input.setSelectionRange(2, 4);
  ws.onmessage({ data: f.patch });
  if (w.document.activeElement !== input) fail("focus lost");
  if (!input.isConnected || input.value !== "typing" || input.selectionStart !== 2) fail("field clobbered", input.value);
  if (!root.innerHTML.includes(f.expect_text)) fail("patch not applied around the focused field", root.innerHTML);
}

// on:input (debounced: one event with the last value), on:change, on:keydown.
{
  const f = scenarios.fields;
  const { w, root, sockets } = page(f.dead);
  const ws = sockets[0];
  ws.onmessage({ data: f.join });
  const pending = [];
  w.setTimeout = (fn) => pending.push(fn);
  w.clearTimeout = (id) => {
    if (id) pending[id - 1] = null;
  };
  const input = root.querySelector('input[name="q"]');
  for (const v of ["a", "ab", "a&c"]) {
    input.value = v;
    input.dispatchEvent(new w.Event("input", { bubbles: true }));
  }
  if (ws.sent.length) fail("on:input sent before its debounce", ws.sent);
  pending.forEach((fn) => fn && fn());
  const select = root.querySelector("select");
  select.value = "b";
  select.dispatchEvent(new w.Event("change", { bubbles: true }));
  root.querySelector("[data-on-keydown]").dispatchEvent(new w.KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
  const want = JSON.stringify([[1, "Search", "q=a%26c"], [2, "Pick", "s=b"], [3, "Key", "key=Enter"]]);
  if (JSON.stringify(ws.sent.map((m) => JSON.parse(m))) !== want) fail("field events", ws.sent, "want", want);
}

console.log(`${scenarios.patches.length} scenarios, ${failures} failures`);
process.exit(failures ? 1 : 0);
