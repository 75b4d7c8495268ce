// l10n review: edit in place, approve, next to review, undo, keyboard, conflicts.
// Plain JavaScript, no build step, no request to any other host.  Server-rendered
// HTML (Jinja2, autoescaped) is the only markup inserted; the translator's text
// only ever goes in through textContent and textarea values.
"use strict";

const csrf = document.querySelector('meta[name="l10n-csrf"]').content;
const lang = document.body.dataset.lang;
const list = document.getElementById("units");

function units() { return [...list.querySelectorAll("li.unit")]; }
function current() { return document.activeElement ? document.activeElement.closest("li.unit") : null; }
function editing() { return units().filter(u => u.classList.contains("editing")); }
function dirty() { return editing().some(u => { const t = u.querySelector("textarea"); return t.value !== t.defaultValue; }); }
function busy() { return editing().length > 0 || list.querySelector(".conflict") !== null; }   // under the translator's hands
// this tab's own id, kept over reloads (sessionStorage is per tab): its undo is its own changes
const tab = sessionStorage.getItem("l10n-tab") || Math.random().toString(36).slice(2) + Date.now().toString(36);
sessionStorage.setItem("l10n-tab", tab);
let answered = 0;   // saves and undos answered so far: a list asked for before the last of them is out of date

function say(text, kind) {
  const box = document.getElementById("message");
  box.textContent = text;
  box.dataset.kind = kind || "info";
  box.hidden = !text;
}

function showProgress(answer) {
  document.getElementById("progress").textContent = answer.progress;
  const bar = document.getElementById("progress-bar");
  bar.max = answer.total;
  bar.value = answer.reviewed;
  document.getElementById("undo").disabled = !answer.can_undo;
}

function refreshPreview() {
  const frame = document.getElementById("preview");
  frame.src = frame.src.split("#")[0];
}

function replaceUnit(key, html) {
  const old = document.getElementById("u-" + key);
  const template = document.createElement("template");
  template.innerHTML = html.trim();   // rendered by the server's autoescaping templates
  const fresh = template.content.firstElementChild;
  old.replaceWith(fresh);
  return fresh;
}

async function post(url, body) {
  let response;
  try {
    response = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify(body),
    });
  } catch (e) {   // no answer at all: `l10n review` was stopped, or the network is down
    return {status: "failed", message: "not saved: l10n review does not answer (was it stopped?); copy your text, start it again and open the address it prints"};
  }
  const text = await response.text();
  try { return JSON.parse(text); } catch (e) {   // refused before any route (token, CSRF) or a crash: no JSON
    const line = (response.headers.get("Content-Type") || "").startsWith("text/plain") ? text.trim().split("\n")[0] : "";
    return {status: "failed", message: "not saved: " + (line || `${response.status} ${response.statusText}`)};
  }
}

function edit(unit) {
  if (!unit || unit.dataset.readOnly) return;
  const area = unit.querySelector("textarea");
  unit.classList.add("editing");
  area.hidden = false;
  unit.querySelector(".shown").hidden = true;
  for (const name of ["save", "cancel"]) unit.querySelector("button." + name).hidden = false;
  unit.querySelector("button.edit").hidden = true;
  fit(area);
  area.focus();
  area.setSelectionRange(area.value.length, area.value.length);   // typing goes on after the draft
}

function fit(area) {   // the box as high as its text, as it is typed
  area.style.height = "auto";
  area.style.height = Math.max(area.scrollHeight, 60) + "px";
}

function cancel(unit) {
  const area = unit.querySelector("textarea");
  area.value = area.defaultValue;
  area.hidden = true;
  unit.classList.remove("editing");
  unit.querySelector(".shown").hidden = false;
  for (const name of ["save", "cancel"]) unit.querySelector("button." + name).hidden = true;
  unit.querySelector("button.edit").hidden = false;
  unit.focus();
}

async function save(unit, approve, seen) {
  if (!unit || unit.dataset.readOnly) return;
  const area = unit.querySelector("textarea");
  const key = unit.dataset.key;
  if (seen === undefined) seen = [area.defaultValue, unit.dataset.fuzzy === "true"];
  const answer = await post("/" + lang + "/save", {key, text: area.value, approve, seen, tab});
  settle(answer, key);
}

function settle(answer, key) {
  answered++;
  if (answer.html) {
    const fresh = replaceUnit(answer.key || key, answer.html);
    if (answer.status === "conflict") showConflict(fresh, answer);
    else fresh.focus();
  }
  if (answer.progress) showProgress(answer);
  if (answer.status === "saved" || answer.status === "unchanged") {
    say(answer.message || "", "info");
    refreshPreview();
  } else if (answer.status === "conflict") {
    say(answer.message, "conflict");
    refreshPreview();   // the file holds their version
  } else {
    say(answer.message || "could not save", "error");
  }
}

function showConflict(unit, answer) {
  const box = document.createElement("div");
  box.className = "conflict";
  const heading = document.createElement("p");
  heading.textContent = "Changed elsewhere while you edited. Keep which version?";
  box.append(heading);
  for (const [name, version, label] of [["theirs", answer.theirs, "Keep theirs (now in the file)"],
                                        ["mine", answer.mine, "Keep mine"]]) {
    const side = document.createElement("div");
    side.className = "version " + name;
    const text = document.createElement("p");
    text.className = "text";
    text.lang = document.body.dataset.tag;
    text.dir = document.body.dataset.dir;
    text.textContent = version.text || "(empty)";
    const state = document.createElement("span");
    state.className = "version-state";
    state.textContent = version.fuzzy ? "draft" : (version.text ? "reviewed" : "empty");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "keep-" + name;
    button.textContent = label;
    button.addEventListener("click", async () => {
      if (name === "theirs") { box.remove(); say("", "info"); unit.focus(); return; }
      const area = unit.querySelector("textarea");
      area.value = version.text;
      const result = await post("/" + lang + "/save", {key: unit.dataset.key, text: version.text, approve: !version.fuzzy, seen: null, tab});
      settle(result, unit.dataset.key);
    });
    side.append(state, text, button);
    box.append(side);
  }
  unit.append(box);
  box.querySelector("button.keep-mine").focus();
}

function next(step) {
  const all = units();
  const here = all.indexOf(current());
  const pick = all[here + step];
  if (pick) { pick.focus(); pick.scrollIntoView({block: "center"}); }
}

function nextToReview() {
  const all = units();
  const start = all.indexOf(current());
  for (let i = 1; i <= all.length; i++) {
    const unit = all[(start + i + all.length) % all.length];
    if (unit.dataset.attention === "true") { unit.focus(); unit.scrollIntoView({block: "center"}); return unit; }
  }
  const bar = document.getElementById("progress-bar");
  say(bar.value < bar.max ? "Nothing here can be edited now: the units not reviewed are read-only (each says why; "
                            + "a unit not in the catalog yet needs `l10n translate`)."
                          : "Every unit is reviewed and nothing is flagged.", "info");
  return null;
}

async function undo() {
  const answer = await post("/" + lang + "/undo", {tab});
  settle(answer, answer.key);
}

async function reload() {
  if (busy()) return;
  const asked = answered;
  const response = await fetch("/" + lang + "/units", {credentials: "same-origin"});
  if (!response.ok) return;
  const answer = await response.json();
  if (busy() || asked !== answered) return;   // an edit begun or a save answered while the list was on its way
  const focused = current() ? current().dataset.key : null;
  const template = document.createElement("template");
  template.innerHTML = answer.html;
  list.replaceChildren(template.content);
  showProgress({...answer, can_undo: !document.getElementById("undo").disabled});
  if (focused && document.getElementById("u-" + focused)) document.getElementById("u-" + focused).focus({preventScroll: true});
  refreshPreview();
}

list.addEventListener("click", event => {
  const unit = event.target.closest("li.unit");
  if (!unit) return;
  const button = event.target.closest("button");
  if (!button) { if (!unit.classList.contains("editing") && !event.target.closest("textarea")) unit.focus(); return; }
  if (button.classList.contains("edit")) edit(unit);
  else if (button.classList.contains("save")) save(unit, false);
  else if (button.classList.contains("approve")) save(unit, true);
  else if (button.classList.contains("cancel")) cancel(unit);
});

list.addEventListener("input", event => { if (event.target.tagName === "TEXTAREA") fit(event.target); });

list.addEventListener("dblclick", event => {
  const unit = event.target.closest("li.unit");
  if (unit && !unit.classList.contains("editing")) edit(unit);
});

document.addEventListener("keydown", event => {
  const unit = current();
  if (event.target.tagName === "TEXTAREA") {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); save(unit, true); }
    else if (event.key === "s" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); save(unit, false); }
    else if (event.key === "Escape") { event.preventDefault(); cancel(unit); }
    return;
  }
  if (event.altKey || event.target.tagName === "INPUT") return;
  if (event.key === "Enter" && event.target.closest("button, a")) return;   // the button or link does what it says
  if ((event.ctrlKey || event.metaKey) && event.key !== "z") return;
  const keys = {
    j: () => next(1), ArrowDown: () => next(1), k: () => next(-1), ArrowUp: () => next(-1),
    Enter: () => edit(unit), e: () => edit(unit), a: () => save(unit, true),
    n: () => nextToReview(), u: () => undo(), z: () => undo(), p: () => togglePreview(), "?": () => toggleHelp(),
  };
  const action = keys[event.key];
  if (action && (event.key !== "z" || event.ctrlKey || event.metaKey)) { event.preventDefault(); action(); }
});

function togglePreview() {
  const pane = document.getElementById("preview-pane");
  pane.hidden = !pane.hidden;
  document.getElementById("toggle-preview").setAttribute("aria-pressed", String(!pane.hidden));
  document.querySelector("main").classList.toggle("no-preview", pane.hidden);
}

function toggleHelp() {
  const help = document.getElementById("help");
  help.hidden = !help.hidden;
}

document.getElementById("next").addEventListener("click", nextToReview);
document.getElementById("undo").addEventListener("click", undo);
document.getElementById("toggle-preview").addEventListener("click", togglePreview);
document.getElementById("help-button").addEventListener("click", toggleHelp);
window.addEventListener("focus", reload);
window.addEventListener("beforeunload", event => { if (dirty()) event.preventDefault(); });
if (!current()) { const first = units()[0]; if (first) first.focus({preventScroll: true}); }
