// Rook live views: the client. It takes the server's tree of a view (statics and slots), then
// patches the page slot by slot: each slot between tags sits between <!--[--> and <!--]-->
// markers, so a changed value replaces only what lies between its markers. No dependencies.
(() => {
  const R = document.querySelector("[data-rook-live]");
  if (!R) return;
  const OPEN = "<!--[-->";
  // This tab's id: the server remembers, per tab, the last event it applied, so events sent
  // again after a reconnect are applied once.
  let tab = Math.random().toString(36).slice(2, 12), lost = false;
  let T = {}, root = null, ws = null, tries = 0, sent = 0, heard = 0, was = false, ready = false, q = [];
  // Fields of forms sent over the socket, by event number, with the values sent.
  const sentForms = new Map();

  // The model: a block is {s: statics, d: slots, a: anchors}; a list is {s, l: items}, an
  // item an array of slots (with .b/.e, its markers, and .a); a text slot is a string.
  const statics = (v) => (typeof v == "number" ? T[v] : (T[v[0]] = v.slice(1)));
  const full = (v) => (typeof v == "string" ? v : v.l ? { s: statics(v.s), l: v.l.map((i) => i.map(full)) } : block(v));
  const block = (v) => {
    const s = statics(v.s), d = [];
    for (let i = 0; i < s.length - 1; i++) d.push(full(v[i]));
    return { s, d };
  };
  const html = (s, d) => s.map((x, i) => x + (i < d.length ? markup(d[i]) : "")).join("");
  const markup = (v) => (typeof v == "string" ? v : v.l ? v.l.map((i) => html(v.s, i)).join("") : html(v.s, v.d));

  // The markers after `from`, in document order.
  const walker = (from) => {
    const t = document.createTreeWalker(R, 128);
    t.currentNode = from;
    return () => {
      for (let n; (n = t.nextNode()); ) if (n.data == "[" || n.data == "]") return n;
      lost = true;
      return null;
    };
  };
  // Anchors of the slots of a block, read from the markers in order.
  const mount = (s, d, w) =>
    d.map((v, i) => (s[i].endsWith(OPEN) ? { b: w(), e: inside(v, w) } : null));
  // Mounts what lies inside a slot's markers; returns its closing marker.
  const inside = (v, w) => {
    if (typeof v == "string") {
      // Text may hold markup with markers of its own: skip to the matching one.
      for (let n = 1, c; ; ) {
        c = w();
        if (!c || !(n += c.data == "[" ? 1 : -1)) return c;
      }
    }
    if (v.l) v.l.forEach((i) => item(v.s, i, w));
    else v.a = mount(v.s, v.d, w);
    return w();
  };
  const item = (s, i, w) => {
    i.b = w();
    i.a = mount(s, i, w);
    i.e = w();
  };

  // Replaces what lies between b and e (either null: the container's ends) with markup,
  // keeping the focused field (its value, selection and focus) if it was inside.
  const put = (P, b, e, h) => {
    const f = document.activeElement;
    let k = null, sel;
    for (let n = b ? b.nextSibling : P.firstChild; n && n != e; n = b ? b.nextSibling : P.firstChild) {
      if (f && f != document.body && n.contains(f)) {
        k = f;
        try { sel = [f.selectionStart, f.selectionEnd]; } catch (_) {}
      }
      n.remove();
    }
    const t = document.createElement("template");
    t.innerHTML = h;
    const c = t.content;
    if (k) {
      const m = k.id ? c.getElementById(k.id) : k.name ? c.querySelector(k.tagName + '[name="' + k.name.replace(/["\\]/g, "\\$&") + '"]') : null;
      if (m) {
        // The server's value becomes the field's default only: what was typed stays.
        for (const x of m.attributes) k.setAttribute(x.name, x.value);
        if ("defaultValue" in m) k.defaultValue = m.defaultValue;
        m.replaceWith(k);
      }
    }
    P.insertBefore(c, e);
    if (k && k.isConnected) {
      k.focus();
      try { if (sel) k.setSelectionRange(sel[0], sel[1]); } catch (_) {}
    }
  };
  // Redraws a slot from the model and mounts it again.
  const redraw = (r, v) => {
    put(r.b.parentNode, r.b, r.e, markup(v));
    inside(v, walker(r.b));
  };
  const draw = () => {
    put(R, null, null, html(root.s, root.d));
    root.a = mount(root.s, root.d, walker(R));
  };

  // A key that is a path, "4.1": v, is the change {"4": {"1": v}}.
  const expand = (p) => {
    if (!p || typeof p != "object" || Array.isArray(p) || p.s != null) return p;
    const o = {};
    for (const k in p) {
      const [h, ...r] = k.split("."), v = expand(r.length ? { [r.join(".")]: p[k] } : p[k]);
      o[h] = r.length && o[h] ? Object.assign(o[h], v) : v;
    }
    return o;
  };
  // Applies a patch to a block's slots; true when a slot without markers (an attribute)
  // changed, so the caller redraws the block.
  const patch = (s, d, a, p) => {
    let again = false;
    for (const k in p) {
      const i = +k, v = p[k], o = d[i], r = a[i];
      if (typeof v == "string" || v.s != null) {
        d[i] = full(v);
        if (r) redraw(r, d[i]);
        else again = true;
      } else if (o.l) list(o, r, v);
      else if (patch(o.s, o.d, o.a, v)) {
        if (r) redraw(r, o);
        else again = true;
      }
    }
    return again;
  };
  const list = (o, r, p) => {
    const s = o.s, P = r.b.parentNode;
    if (p.k) {
      const old = o.l, next = [];
      for (const x of p.k)
        if (typeof x == "number") next.push(old[x]);
        else if (typeof x[0] == "number") for (let j = 0; j < x[1]; j++) next.push(old[x[0] + j]);
        else next.push(x.map(full));
      for (const i of old)
        if (!next.includes(i)) for (let n = i.b, m; ; n = m) { m = n.nextSibling; n.remove(); if (n == i.e) break; }
      let at = r.b.nextSibling;
      for (const i of next) {
        if (!i.b) {
          const t = document.createElement("template");
          t.innerHTML = html(s, i);
          const f = t.content.firstChild;
          P.insertBefore(t.content, at);
          item(s, i, walker(f.previousSibling || r.b));
        } else if (i.b == at) at = i.e.nextSibling;
        else for (let n = i.b, m; ; n = m) { m = n.nextSibling; P.insertBefore(n, at); if (n == i.e) break; }
      }
      o.l = next;
    }
    for (const j in p) {
      if (j == "k") continue;
      const i = o.l[+j];
      if (patch(s, i, i.a, p[j])) {
        put(P, i.b, i.e, html(s, i).slice(OPEN.length, -OPEN.length));
        i.a = mount(s, i, walker(i.b));
      }
    }
  };

  const live = () => ws && ws.readyState == 1 && ready;
  // Events wait in `q` until a message acknowledges them; while the socket is down they are
  // sent again after the next join.
  const send = (m) => {
    const e = [++sent, ...m];
    q.push(e);
    if (live()) ws.send(JSON.stringify(e));
  };
  // Events go up the socket once it has been open; before that, the browser posts the form.
  document.addEventListener("click", (ev) => {
    const b = ev.target.closest && ev.target.closest('button[name="_e"]');
    if (!b || !(live() || was) || b.getAttribute("form") != "rook-live") return;
    ev.preventDefault();
    send([b.value]);
  });
  document.addEventListener("submit", (ev) => {
    const f = ev.target, e = f.elements && f.elements._e;
    if (!e || !R.contains(f) || !(live() || was)) return;
    ev.preventDefault();
    const q = new URLSearchParams(new FormData(f));
    q.delete("_e"); q.delete("_csrf");
    send([e.value, q.toString()]);
    sentForms.set(sent, [...f.elements].map((el) => [el, el.value]));
  });

  // on:input (after 300 ms without typing, or data-debounce), on:change, on:keydown: the
  // variant with the field's name=value (and key=… for a key) as its data. JavaScript only.
  const timers = new WeakMap();
  for (const type of ["input", "change", "keydown"])
    document.addEventListener(type, (ev) => {
      const el = ev.target.closest && ev.target.closest(`[data-on-${type}]`);
      if (!el || !R.contains(el) || !(live() || was)) return;
      const key = ev.key;
      const go = () => {
        const f = new URLSearchParams();
        if ("value" in el) f.set(el.name || "value", el.value);
        if (type == "keydown") f.set("key", key);
        send([el.getAttribute("data-on-" + type), f.toString()]);
      };
      const wait = +(el.dataset.debounce || (type == "input" ? 300 : 0));
      clearTimeout(timers.get(el));
      if (wait) timers.set(el, setTimeout(go, wait));
      else go();
    });

  const connect = () => {
    const u = new URL(location.href);
    u.hash = "";
    u.protocol = u.protocol == "https:" ? "wss:" : "ws:";
    u.searchParams.set("_t", tab);
    // What this tab holds: the server resumes from there if it still has the session parked.
    if (root) u.searchParams.set("_s", heard);
    ws = new WebSocket(u.href);
    ws.onmessage = (m) => {
      const [n, p, a] = JSON.parse(m.data);
      tries = 0;
      if (a != null) q = q.filter((e) => e[0] > a);
      // [n, null, ack]: resumed, nothing changed; [0, tree]: the whole view; else a patch.
      if (p === null) {
        if (n != heard) return ws.close();
      } else if (n == 0) {
        T = {};
        root = block(p);
        draw();
      } else if (n != heard + 1) return ws.close();
      else if (patch(root.s, root.d, root.a, expand(p))) draw();
      heard = n;
      // A form's event applied: its fields show the server's values (as the page after the
      // post without JavaScript does), unless typed into since it was sent.
      for (const [k, fields] of sentForms)
        if (a != null && k <= a) {
          sentForms.delete(k);
          for (const [el, v] of fields) if ("defaultValue" in el && el.value === v) el.value = el.defaultValue;
        }
      if (!ready) {
        ready = was = true;
        R.setAttribute("data-rook-live", "on");
        for (const e of q) ws.send(JSON.stringify(e));
      }
    };
    ws.onclose = () => {
      ws = null;
      ready = false;
      R.setAttribute("data-rook-live", "off");
      setTimeout(connect, Math.min(10000, 250 * 2 ** tries++) * (0.5 + Math.random() / 2));
    };
  };
  // The page carries the tree it shows and the tab id its session is parked under: adopt
  // them, so the join sends only what changed since the page was rendered.
  const adopt = document.getElementById("rook-live-state");
  if (adopt) {
    try {
      const j = JSON.parse(adopt.textContent);
      tab = j.t;
      root = block(j.m);
      root.a = mount(root.s, root.d, walker(R));
      // The parser moved something (text in a table…): draw the view from the tree instead.
      if (lost) draw();
    } catch (_) {
      root = null;
    }
  }
  connect();
})();
