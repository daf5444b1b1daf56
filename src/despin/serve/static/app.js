// despin web page: check a text, review the suggested edits, export the restored text.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { cps: [], spans: [], score: 0, label: "", open: -1 };

// Engine offsets count code points; JS strings count UTF-16 units, so slice code points.
const slice = (a, b) => state.cps.slice(a, b).join("");
const bucket = (c) => (c >= 0.85 ? "c-high" : c >= 0.7 ? "c-mid" : "c-low");

function segments() {
  const out = [];
  let pos = 0;
  state.spans.forEach((s, i) => {
    if (s.offset > pos) out.push({ text: slice(pos, s.offset) });
    out.push({ span: s, i });
    pos = s.offset + s.length;
  });
  out.push({ text: slice(pos) });
  return out;
}

function restored() {
  return segments().map((g) => g.text ?? (g.span.state === "accepted" ? g.span.suggestion : g.span.text)).join("");
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function renderDoc() {
  const doc = $("doc");
  doc.replaceChildren();
  for (const g of segments()) {
    if (g.text !== undefined) { doc.append(g.text); continue; }
    const s = g.span;
    const accepted = s.state === "accepted";
    const m = el("mark", `spin ${bucket(s.confidence)} s-${s.state}`, accepted ? s.suggestion : s.text);
    m.tabIndex = 0;
    m.dataset.i = g.i;
    m.setAttribute("role", "button");
    m.setAttribute("aria-haspopup", "dialog");
    m.setAttribute("aria-label", `${s.text}: suggested ${s.suggestion}, ${s.state}`);
    doc.append(m);
  }
}

function renderDiff() {
  const left = $("left"), right = $("right");
  left.replaceChildren();
  right.replaceChildren();
  for (const g of segments()) {
    if (g.text !== undefined) { left.append(g.text); right.append(g.text); continue; }
    const s = g.span;
    if (s.state === "accepted") {
      left.append(el("del", "", s.text));
      right.append(el("ins", "", s.suggestion));
    } else {
      left.append(el("span", `flag s-${s.state}`, s.text));
      right.append(s.text);
    }
  }
}

function renderSummary() {
  const pct = Math.round(state.score * 100);
  $("score").textContent = `${pct}%`;
  const fg = $("g-fg");
  fg.style.strokeDasharray = `${pct} 100`;
  fg.style.visibility = pct ? "visible" : "hidden"; // a round cap would draw a dot at 0
  fg.style.stroke = pct >= 50 ? "var(--red)" : pct >= 25 ? "var(--amber)" : "var(--green)";
  const v = $("verdict");
  v.textContent = state.label === "spun" ? "Likely spun" : "Looks clean";
  v.className = `pill ${state.label === "spun" ? "bad" : "good"}`;
  const n = (k) => state.spans.filter((s) => s.state === k).length;
  $("stats").textContent = state.spans.length
    ? `${state.spans.length} suspicious span${state.spans.length === 1 ? "" : "s"}: ` +
      `${n("accepted")} accepted, ${n("rejected")} rejected, ${n("pending")} to review`
    : "No suspicious spans found.";
  $("accept-all").disabled = n("pending") === 0;
}

function render() {
  renderDoc();
  renderDiff();
  renderSummary();
}

function showError(msg) {
  $("error").textContent = msg;
  $("error").hidden = !msg;
}

async function check() {
  const text = $("input").value;
  if (!text.trim()) return showError("Paste or upload a text first.");
  showError("");
  closePop();
  $("busy").hidden = false;
  $("check").disabled = true;
  try {
    const r = await fetch("/api/detect", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text }),
    });
    const body = await r.json().catch(() => ({ error: `server answered ${r.status}` }));
    if (!r.ok) throw new Error(body.error || `server answered ${r.status}`);
    state.cps = Array.from(text);
    state.spans = body.spans
      .map((s) => ({ ...s, state: "pending" }))
      .sort((a, b) => a.offset - b.offset);
    state.score = body.score;
    state.label = body.label;
    $("results").hidden = false;
    render();
  } catch (e) {
    showError(`Could not check the text: ${e.message}`);
  } finally {
    $("busy").hidden = true;
    $("check").disabled = false;
  }
}

function openPop(i) {
  const s = state.spans[i];
  const m = document.querySelector(`mark[data-i="${i}"]`);
  state.open = i;
  $("pop-t").textContent = `“${s.text}” → “${s.suggestion}”`;
  $("pop-c").textContent = `Confidence ${Math.round(s.confidence * 100)}%` + (s.state === "pending" ? "" : ` · ${s.state}`);
  $("pop-bar").style.width = `${Math.round(s.confidence * 100)}%`;
  $("pop-bar").className = bucket(s.confidence);
  const pop = $("pop");
  pop.hidden = false;
  const r = m.getBoundingClientRect();
  const w = pop.offsetWidth;
  pop.style.left = `${Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - w - 8))}px`;
  pop.style.top = `${window.scrollY + r.bottom + 6}px`;
}

function closePop(refocus) {
  if (state.open < 0) return;
  const i = state.open;
  state.open = -1;
  $("pop").hidden = true;
  if (refocus) document.querySelector(`mark[data-i="${i}"]`)?.focus();
}

function decide(verdict) {
  const i = state.open;
  if (i < 0) return;
  state.spans[i].state = verdict;
  closePop();
  render();
  document.querySelector(`mark[data-i="${i}"]`)?.focus();
}

function toast(msg) {
  const t = $("toast");
  t.textContent = msg;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (t.hidden = true), 1800);
}

async function copyRestored() {
  try {
    await navigator.clipboard.writeText(restored());
    toast("Restored text copied");
  } catch {
    toast("Copy failed: select the restored text and copy it by hand");
  }
}

function download() {
  const a = el("a");
  a.href = URL.createObjectURL(new Blob([restored()], { type: "text/plain;charset=utf-8" }));
  a.download = "restored.txt";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function setAll(from, to) {
  state.spans.forEach((s) => { if (from.includes(s.state)) s.state = to; });
  closePop();
  render();
}

const activate = (e) => e.key === "Enter" || e.key === " ";

document.addEventListener("DOMContentLoaded", () => {
  const input = $("input");
  const count = () => ($("count").textContent = `${Array.from(input.value).length.toLocaleString()} characters`);
  input.addEventListener("input", count);
  input.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) check(); });
  $("check").addEventListener("click", check);
  $("clear").addEventListener("click", () => { input.value = ""; count(); $("results").hidden = true; closePop(); input.focus(); });
  $("file-btn").addEventListener("keydown", (e) => { if (activate(e)) { e.preventDefault(); $("file").click(); } });
  $("file").addEventListener("change", async (e) => {
    const f = e.target.files[0];
    if (!f) return;
    input.value = await f.text();
    e.target.value = "";
    count();
    check();
  });
  $("accept-all").addEventListener("click", () => setAll(["pending"], "accepted"));
  $("reset").addEventListener("click", () => setAll(["accepted", "rejected"], "pending"));
  $("copy").addEventListener("click", copyRestored);
  $("download").addEventListener("click", download);
  $("pop-accept").addEventListener("click", () => decide("accepted"));
  $("pop-reject").addEventListener("click", () => decide("rejected"));

  const doc = $("doc");
  doc.addEventListener("click", (e) => {
    const m = e.target.closest("mark[data-i]");
    if (m) openPop(+m.dataset.i);
  });
  doc.addEventListener("keydown", (e) => {
    const m = e.target.closest("mark[data-i]");
    if (m && activate(e)) { e.preventDefault(); openPop(+m.dataset.i); $("pop-accept").focus(); }
  });
  doc.addEventListener("mouseover", (e) => {
    const m = e.target.closest("mark[data-i]");
    if (m && +m.dataset.i !== state.open) openPop(+m.dataset.i);
  });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") closePop(true); });
  document.addEventListener("click", (e) => {
    if (!e.target.closest("#pop, mark[data-i]")) closePop();
  });
  count();
});
