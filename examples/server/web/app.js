// The page's only script: it calls the JSON API of the server and shows the
// answers. State-changing calls carry the vatkit_csrf cookie's value in the
// X-CSRF-Token header; the session cookie itself is HttpOnly. Everything is
// built with DOM calls (no HTML strings, no inline style): the page's
// Content-Security-Policy allows scripts and styles from this origin only.
"use strict";

const $ = (id) => document.getElementById(id);

function csrf() {
  const m = document.cookie.match(/(?:^|;\s*)vatkit_csrf=([^;]*)/);
  return m ? m[1] : "";
}

// Messages. Every message the server sends is a sentence for the seller;
// the page's own are too.
const networkDown = "The server cannot be reached: check your connection and try again.";
const unreadable = "The server answered in a way this page does not understand: reload the page and try again.";

// tell shows text in the message line el (an id); error marks it as one.
function tell(el, text, error) {
  $(el).textContent = text || "";
  $(el).classList.toggle("error", !!error);
}

function say(text, error) {
  tell("status", text, error);
}

async function api(method, path, body) {
  const opts = { method, headers: { "X-CSRF-Token": csrf() }, credentials: "same-origin" };
  if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  let resp;
  try {
    resp = await fetch(path, opts);
  } catch {
    throw new Error(networkDown);
  }
  if (resp.status === 401 && path !== "/api/login") {
    sessionEnded(await errorText(resp));
    throw new Error("");
  }
  return resp;
}

// errorText returns the server's sentence in an error answer.
async function errorText(resp) {
  try {
    const msg = (await resp.json()).error;
    if (msg) return msg;
  } catch {
    // not JSON: a proxy's page, say
  }
  return resp.status >= 500 ? "The server could not do this now: try again later." : unreadable;
}

// sessionEnded goes back to the login form, where the message is shown.
function sessionEnded(msg) {
  showWork(false);
  say(msg || "Your session has ended: log in again.", true);
}

function showWork(on) {
  clearAll();
  $("work").hidden = !on;
  $("account").hidden = on;
}

// clearAll removes every result of the previous seller or session.
function clearAll() {
  clearUpload();
  clearVIES();
  clearReport();
  $("history").tBodies[0].replaceChildren();
  $("history").hidden = true;
  $("history-empty").hidden = false;
  tell("history-msg", "");
  $("facts-form").reset();
  tell("facts-msg", "");
}

function credentials() {
  return { login: $("login").value, password: $("password").value };
}

function cell(row, text, cls) {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) td.className = cls;
  row.appendChild(td);
  return td;
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

// table builds a table with a caption, column heads and rows of cells; a
// column whose head ends in " €" is an amount, right-aligned.
function table(caption, heads, rows) {
  const t = el("table", undefined, "wide");
  t.createCaption().textContent = caption;
  const hr = t.createTHead().insertRow();
  heads.forEach((h) => {
    const th = el("th", h);
    th.scope = "col";
    hr.appendChild(th);
  });
  const body = t.createTBody();
  for (const r of rows) {
    const row = body.insertRow();
    r.forEach((v, i) => cell(row, v, heads[i].endsWith("€") ? "num" : ""));
  }
  return t;
}

// scrolling wraps a table in a box that scrolls sideways on a narrow
// screen, which the keyboard reaches too.
function scrolling(t, label) {
  const box = el("div", undefined, "scroll");
  box.tabIndex = 0;
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", label);
  box.appendChild(t);
  return box;
}

// money writes a decimal string ("-1234.50") with thousands separators,
// keeping its digits exactly: amounts are never turned into floats.
function money(s) {
  if (s === undefined || s === null || s === "") return "—";
  const neg = s.startsWith("-");
  const [int, frac] = (neg ? s.slice(1) : s).split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (neg ? "−" : "") + grouped + (frac !== undefined ? "." + frac : "");
}

// cents turns a decimal string into a whole number of cents, for sums and
// the chart's lengths (exact well beyond any return's totals).
function cents(s) {
  const neg = s.startsWith("-");
  const [int, frac = ""] = (neg ? s.slice(1) : s).split(".");
  const c = Number(int) * 100 + Number((frac + "00").slice(0, 2));
  return neg ? -c : c;
}

function fromCents(c) {
  const neg = c < 0;
  const a = Math.abs(c);
  return (neg ? "-" : "") + Math.floor(a / 100) + "." + String(a % 100).padStart(2, "0");
}

function hex(bytes) {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
}

function wait(ms) {
  return new Promise((done) => setTimeout(done, ms));
}

// ---- account ----

async function login(event) {
  event.preventDefault();
  say("Logging in…");
  try {
    const resp = await api("POST", "/api/login", credentials());
    if (!resp.ok) return say(await errorText(resp), true);
  } catch (e) {
    return say(e.message, true);
  }
  $("password").value = "";
  showWork(true);
  say("Logged in.");
  loadHistory();
  loadFacts();
}

async function enroll() {
  if (!$("login-form").reportValidity()) return;
  say("Creating the account…");
  try {
    const resp = await api("POST", "/api/enroll", credentials());
    if (resp.status !== 201) return say(await errorText(resp), true);
  } catch (e) {
    return say(e.message, true);
  }
  // The same answer whether the login was free or taken (the server does
  // not tell which logins exist): logging in tells the seller.
  await login(new Event("submit"));
}

async function logout() {
  try {
    await api("POST", "/api/logout");
  } catch {
    // the session is gone either way
  }
  showWork(false);
  say("Logged out.");
}

async function erase() {
  if (!confirm("Delete the account and every record now? This cannot be undone.")) return;
  try {
    const resp = await api("DELETE", "/api/account");
    if (resp.status !== 204) return say(await errorText(resp), true);
  } catch (e) {
    return say(e.message, true);
  }
  showWork(false);
  say("Account deleted.");
}

// ---- upload ----

function clearUpload() {
  $("upload-result").hidden = true;
  $("rejected").tBodies[0].replaceChildren();
  $("rejected-block").hidden = true;
  $("upload-running").hidden = true;
  tell("upload-msg", "");
}

// send posts the form as an upload named id, calling sent(loaded, total)
// as bytes leave the browser; it resolves to {status, body}.
function send(form, id, sent) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/uploads");
    xhr.setRequestHeader("X-CSRF-Token", csrf());
    xhr.setRequestHeader("X-Upload-Progress", id);
    xhr.upload.addEventListener("progress", (e) => sent(e.loaded, e.lengthComputable ? e.total : 0));
    xhr.upload.addEventListener("load", () => sent(-1, -1));
    xhr.addEventListener("load", () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // errorText's fallback below
      }
      resolve({ status: xhr.status, body });
    });
    xhr.addEventListener("error", () => reject(new Error(networkDown)));
    xhr.addEventListener("abort", () => reject(new Error("The upload was stopped. Nothing was stored.")));
    xhr.send(form);
  });
}

function mb(n) {
  return (n / 1048576).toFixed(1) + " MB";
}

async function upload(event) {
  event.preventDefault();
  const file = $("file").files[0];
  if (!file) return tell("upload-msg", "Choose a file to upload.", true);
  clearUpload();
  const button = $("upload-button");
  button.disabled = true;
  const bar = $("upload-progress");
  bar.max = 100;
  bar.value = 0;
  $("upload-running").hidden = false;
  const text = $("upload-progress-text");
  text.textContent = "Sending " + file.name + "…";
  const id = hex(16);
  let allSent = false;
  let rows = "";
  const show = () => {
    if (allSent) text.textContent = "File sent. Storing its rows" + (rows ? ": " + rows : "…");
  };
  // The rows the server has read and stored, while the upload runs.
  let running = true;
  const poll = (async () => {
    while (running) {
      await wait(500);
      if (!running) break;
      try {
        const resp = await fetch("/api/uploads/progress/" + id, { credentials: "same-origin" });
        if (resp.ok) {
          const p = await resp.json();
          rows = p.rows_read.toLocaleString("en") + " rows read, " + p.rows_stored.toLocaleString("en") + " stored so far.";
          show();
        }
      } catch {
        // the upload's own answer tells what happened
      }
    }
  })();
  let answer;
  try {
    answer = await send(new FormData($("upload-form")), id, (loaded, total) => {
      if (loaded < 0) {
        allSent = true;
        bar.removeAttribute("value"); // the rows go on: no end known
        show();
      } else if (total > 0 && !allSent) {
        bar.value = Math.min(100, (100 * loaded) / total);
        text.textContent = "Sending " + file.name + ": " + mb(loaded) + " of " + mb(total) + ".";
      }
    });
  } catch (e) {
    answer = { error: e.message };
  } finally {
    running = false;
    await poll;
    $("upload-running").hidden = true;
    button.disabled = false;
  }
  if (answer.error) return tell("upload-msg", answer.error, true);
  if (answer.status === 401) return sessionEnded(answer.body && answer.body.error);
  if (answer.status !== 200 || !answer.body) {
    return tell("upload-msg", (answer.body && answer.body.error) || unreadable, true);
  }
  showUpload(file.name, answer.body);
  clearReport(); // built from the data before this upload
  loadHistory();
}

function showUpload(name, r) {
  $("accepted").textContent = r.accepted;
  $("duplicates").textContent = r.duplicates;
  $("rejected-count").textContent = r.rejected_total;
  $("needs-review").textContent = r.needs_review;
  const body = $("rejected").tBodies[0];
  for (const e of r.rejected) {
    const row = body.insertRow();
    cell(row, name);
    cell(row, e.line, "num");
    cell(row, e.column || "(whole row)");
    cell(row, e.reason);
  }
  $("rejected-block").hidden = r.rejected.length === 0;
  $("rejected-more").textContent = r.rejected_total > r.rejected.length
    ? "The first " + r.rejected.length + " of " + r.rejected_total + " rejected rows are listed." : "";
  $("upload-result").hidden = false;
  let msg = "Upload done: " + r.accepted + " rows stored";
  if (r.duplicates) msg += ", " + r.duplicates + " were stored before";
  if (r.rejected_total) msg += ", " + r.rejected_total + " rejected (listed below)";
  tell("upload-msg", msg + ".");
}

const formatNames = { "amazon-vtr": "Amazon VAT Transactions Report", paypal: "PayPal activity", template: "vatkit template" };

async function loadHistory() {
  let list;
  try {
    const resp = await api("GET", "/api/uploads");
    if (!resp.ok) return tell("history-msg", await errorText(resp), true);
    list = (await resp.json()).uploads;
  } catch (e) {
    if (e.message) tell("history-msg", e.message, true);
    return;
  }
  const body = $("history").tBodies[0];
  body.replaceChildren();
  for (const u of list.slice().reverse()) {
    const row = body.insertRow();
    const when = new Date(u.created);
    cell(row, when.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }));
    cell(row, formatNames[u.format] || u.format);
    cell(row, u.rows, "num");
    cell(row, u.stored, "num");
    cell(row, u.duplicates, "num");
    cell(row, u.rejected, "num");
    const b = el("button", "Undo");
    b.type = "button";
    b.className = "undo";
    b.setAttribute("aria-label", "Undo the upload of " + when.toLocaleString("en-GB") + " (" + u.stored + " rows stored)");
    b.addEventListener("click", () => undo(u, b));
    cell(row, "").appendChild(b);
  }
  $("history").hidden = list.length === 0;
  $("history-empty").hidden = list.length !== 0;
}

async function undo(u, button) {
  if (!confirm("Undo this upload? Its " + u.stored + " stored rows are removed; upload the file again to bring them back.")) return;
  tell("history-msg", "");
  button.disabled = true;
  try {
    const resp = await api("DELETE", "/api/uploads/" + encodeURIComponent(u.id));
    if (resp.status !== 204) {
      button.disabled = false;
      return tell("history-msg", await errorText(resp), true);
    }
  } catch (e) {
    button.disabled = false;
    if (e.message) tell("history-msg", e.message, true);
    return;
  }
  clearUpload();
  clearReport();
  tell("history-msg", "Upload undone: its " + u.stored + " rows were removed.");
  loadHistory();
}

// ---- seller facts ----

// Each form field, its JSON name and how it is read and written.
const listField = {
  read: (v) => v.split(/[\s,;]+/).filter((s) => s).map((s) => s.toUpperCase()),
  write: (v) => (v || []).join(", "),
};
const factFields = [
  ["established", "established", { read: (v) => v.trim().toUpperCase(), write: (v) => v || "" }],
  ["identified-in", "identified_in", { read: (v) => v.trim().toUpperCase(), write: (v) => v || "" }],
  ["oss-from", "oss_from", { read: (v) => v, write: (v) => v || "" }],
  ["previous-year", "previous_year_eur", { read: (v) => v.trim(), write: (v) => v || "" }],
  ["vat-numbers", "vat_numbers", {
    read: (v) => {
      const out = {};
      for (const n of v.split("\n").map((s) => s.replace(/[\s.\-]/g, "").toUpperCase()).filter((s) => s)) {
        out[n.slice(0, 2)] = n;
      }
      return out;
    },
    write: (v) => Object.values(v || {}).join("\n"),
  }],
  ["warehouses", "warehouses", listField],
  ["fixed-establishments", "fixed_establishments", listField],
  ["ioss-number", "ioss_number", { read: (v) => v.trim().toUpperCase(), write: (v) => v || "" }],
  ["non-union-number", "non_union_number", { read: (v) => v.trim().toUpperCase(), write: (v) => v || "" }],
];

function showFacts(f) {
  for (const [id, name, conv] of factFields) $(id).value = conv.write(f[name]);
  $("opted-in").checked = !!f.opted_in;
}

async function loadFacts() {
  try {
    const resp = await api("GET", "/api/seller");
    if (resp.status === 404) return tell("facts-msg", "You have not saved your seller facts yet.");
    if (!resp.ok) return tell("facts-msg", await errorText(resp), true);
    showFacts(await resp.json());
  } catch (e) {
    if (e.message) tell("facts-msg", e.message, true);
  }
}

async function saveFacts(event) {
  event.preventDefault();
  tell("facts-msg", "Saving…");
  const facts = {};
  for (const [id, name, conv] of factFields) {
    const v = conv.read($(id).value);
    const empty = v === "" || (Array.isArray(v) && v.length === 0) || (typeof v === "object" && Object.keys(v).length === 0);
    if (!empty) facts[name] = v;
  }
  if ($("opted-in").checked) facts.opted_in = true;
  $("facts-button").disabled = true;
  try {
    const resp = await api("PUT", "/api/seller", facts);
    if (!resp.ok) return tell("facts-msg", await errorText(resp), true);
    showFacts(await resp.json());
    clearReport(); // built with the facts before
    tell("facts-msg", "Your seller facts are saved. Returns built from now on use them.");
  } catch (e) {
    if (e.message) tell("facts-msg", e.message, true);
  } finally {
    $("facts-button").disabled = false;
  }
}

// ---- VIES ----

function clearVIES() {
  $("vies-results").tBodies[0].replaceChildren();
  $("vies-results").hidden = true;
  tell("vies-msg", "");
}

const statusWords = {
  valid: "Valid",
  invalid: "Not valid",
  unavailable: "Could not be checked now: try later",
  not_vies: "Not a VIES number",
};

async function checkNumbers(event) {
  event.preventDefault();
  clearVIES();
  const numbers = $("numbers").value.split("\n").map((s) => s.trim()).filter((s) => s);
  if (numbers.length === 0) return tell("vies-msg", "Type at least one VAT number.", true);
  tell("vies-msg", "Asking VIES…");
  $("vies-button").disabled = true;
  let results;
  try {
    const resp = await api("POST", "/api/vies/check", { numbers });
    if (!resp.ok) return tell("vies-msg", await errorText(resp), true);
    results = (await resp.json()).results;
  } catch (e) {
    if (e.message) tell("vies-msg", e.message, true);
    return;
  } finally {
    $("vies-button").disabled = false;
  }
  const body = $("vies-results").tBodies[0];
  results.forEach((r, i) => {
    const row = body.insertRow();
    row.className = "vies-" + r.status;
    cell(row, r.number || numbers[i]);
    cell(row, statusWords[r.status] || r.status, "status");
    let evidence = "—";
    if (r.date) {
      evidence = "Checked on " + r.date + (r.consultation_number
        ? ", consultation number " + r.consultation_number + "." : " (VIES gave no consultation number).") + " Kept as evidence.";
    }
    cell(row, evidence);
    const notes = cell(row, "");
    for (const s of [r.reason, r.warning]) if (s) notes.appendChild(el("p", s, s === r.warning ? "warning" : ""));
  });
  $("vies-results").hidden = false;
  const counts = {};
  for (const r of results) counts[r.status] = (counts[r.status] || 0) + 1;
  const counted = { valid: "valid", invalid: "not valid", unavailable: "could not be checked now", not_vies: "not in VIES" };
  tell("vies-msg", "VIES check done: " + Object.entries(counts).map(([s, n]) => n + " " + (counted[s] || s)).join(", ") + ".");
}

// ---- the return ----

let lastReturn = null; // {kind, period, home, blob}

function clearReport() {
  lastReturn = null;
  for (const id of ["report-facts", "report-lines", "report-corrections", "report-chart", "report-review"]) $(id).replaceChildren();
  $("report-raw").textContent = "";
  $("report-raw").hidden = true;
  $("report-chart-box").hidden = true;
  $("report-result").hidden = true;
  $("report-running").hidden = true;
  tell("report-msg", "");
}

function reportRequest(format) {
  return { kind: $("kind").value, period: $("period").value.trim().toUpperCase(), home: $("home").value.trim().toUpperCase(), format };
}

function busy(on) {
  $("report-button").disabled = on;
  for (const b of $("downloads").querySelectorAll("button")) b.disabled = on;
  $("report-running").hidden = !on;
}

// fetchReport builds a report in the background and waits for it,
// showing the records read; it returns its bytes as a Blob, or throws
// with the server's sentence.
async function fetchReport(req, what) {
  const text = $("report-progress-text");
  text.textContent = "Building " + what + "…";
  const resp = await api("POST", "/api/reports", req);
  if (resp.status !== 202) throw new Error(await errorText(resp));
  const built = await resp.json();
  // The server answers 202 with the records read until the report is
  // ready, then the report once.
  let file = await api("GET", built.download);
  while (file.status === 202) {
    const p = await file.json();
    text.textContent = "Building " + what + ": " + p.records_read.toLocaleString("en") + " records of your history read.";
    await wait(500);
    file = await api("GET", built.download);
  }
  if (!file.ok) throw new Error(await errorText(file));
  return file.blob();
}

async function buildReport(event) {
  event.preventDefault();
  clearReport();
  const req = reportRequest("json");
  busy(true);
  try {
    const blob = await fetchReport(req, "the return");
    lastReturn = { req, blob };
    const ret = JSON.parse(await blob.text());
    showReturn(req, ret);
    tell("report-msg", (req.kind === "reconciliation" ? "The reconciliation" : "The return") + " for " + req.period + " is ready below.");
  } catch (e) {
    if (e instanceof SyntaxError) e = new Error(unreadable);
    if (e.message) tell("report-msg", e.message, true);
  } finally {
    busy(false);
  }
}

const extensions = { json: "json", csv: "csv", bzst: "csv", xlsx: "xlsx" };

// download saves the return in format: the JSON already shown, or the
// same return built again in that format.
async function download(format) {
  if (!lastReturn) return;
  const req = { ...lastReturn.req, format };
  tell("report-msg", "");
  busy(true);
  try {
    const blob = format === "json" ? lastReturn.blob : await fetchReport(req, "the " + format.toUpperCase() + " file");
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = req.kind + "-" + req.home + "-" + req.period + (format === "bzst" ? "-bzst" : "") + "." + extensions[format];
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60000);
    tell("report-msg", "Saved " + a.download + ".");
  } catch (e) {
    if (e.message) tell("report-msg", e.message, true);
  } finally {
    busy(false);
  }
}

const supplyWords = { goods: "Goods", services: "Services" };

function fact(dl, term, value) {
  if (value === undefined || value === "") return;
  dl.appendChild(el("dt", term));
  dl.appendChild(el("dd", value));
}

function showReturn(req, ret) {
  $("report-result").hidden = false;
  $("downloads").querySelector('[data-format="bzst"]').hidden = req.kind !== "oss"; // BZSt takes the Union return only
  if (req.kind === "reconciliation" || !Array.isArray(ret.lines)) {
    // A reconciliation is a comparison, not a return: shown as the server wrote it.
    $("report-raw").textContent = JSON.stringify(ret, null, 2);
    $("report-raw").hidden = false;
    return;
  }
  const dl = $("report-facts");
  fact(dl, "Period", ret.period);
  fact(dl, "Member state of identification", ret.member_state_of_identification);
  fact(dl, "VAT number", ret.vat_number);
  fact(dl, "Due by", ret.due);
  fact(dl, "Total VAT to pay", money(ret.total_vat) + " €");

  // Lines by dispatch block: goods sent from each country, then services.
  const blocks = new Map();
  for (const l of ret.lines) {
    const key = l.supply === "goods" && l.dispatched_from ? l.dispatched_from : "";
    if (!blocks.has(key)) blocks.set(key, []);
    blocks.get(key).push(l);
  }
  const keys = [...blocks.keys()].sort((a, b) => (a === ret.member_state_of_identification ? -1 : b === ret.member_state_of_identification ? 1 : a.localeCompare(b)));
  const t = el("table", undefined, "wide");
  t.id = "return-lines";
  t.createCaption().textContent = ret.lines.length ? "Lines of the return" : "Lines of the return: none (no sale in this quarter is declared in the One-Stop-Shop)";
  const hr = t.createTHead().insertRow();
  for (const h of ["Country", "Supply", "Rate", "Taxable amount €", "VAT €"]) {
    const th = el("th", h, h.endsWith("€") ? "num" : "");
    th.scope = "col";
    hr.appendChild(th);
  }
  for (const k of keys) {
    const body = t.createTBody();
    const head = body.insertRow();
    const other = req.kind === "oss" ? "Services, and goods without a dispatch country" : "Supplies";
    const th = el("th", k ? "Goods dispatched from " + k + (blocks.get(k)[0].origin_vat_number ? " (VAT number " + blocks.get(k)[0].origin_vat_number + ")" : "") : other);
    th.colSpan = 5;
    th.scope = "rowgroup";
    th.className = "block";
    head.appendChild(th);
    for (const l of blocks.get(k)) {
      const row = body.insertRow();
      cell(row, l.country);
      cell(row, supplyWords[l.supply] || l.supply);
      cell(row, l.rate + " %" + (l.rate_type ? " (" + l.rate_type + ")" : ""));
      cell(row, money(l.taxable_amount), "num");
      cell(row, money(l.vat_amount), "num");
    }
  }
  const foot = t.createTFoot().insertRow();
  const ft = el("th", "Total VAT");
  ft.scope = "row";
  ft.colSpan = 4;
  foot.appendChild(ft);
  cell(foot, money(ret.total_vat), "num");
  $("report-lines").appendChild(scrolling(t, "Lines of the return"));

  const corr = ret.corrections || [];
  if (corr.length) {
    $("report-corrections").appendChild(table("Corrections of earlier quarters", ["Country", "Quarter", "VAT €"],
      corr.map((c) => [c.country, c.period, money(c.vat_amount)])));
  }
  chart(ret.lines);
  const review = ret.needs_review || [];
  const box = $("report-review");
  box.appendChild(el("h3", review.length ? "To review: " + review.length : "Nothing to review"));
  if (review.length) {
    box.appendChild(el("p", "vatkit had to assume or leave out something for these rows or facts: check each one before you file the return."));
    // A long list stays folded until the seller opens it.
    const fold = el("details");
    fold.open = review.length <= 20;
    fold.appendChild(el("summary", "Show the " + review.length + " rows and facts to review"));
    // A stored row names the kind of file it came from and its line there.
    const list = table("Rows and facts to review", ["File", "Line", "Reason"],
      review.map((r) => [formatNames[r.source] || r.source || "(your seller facts)", r.line ? String(r.line) : "—", r.reason]));
    list.id = "review-list";
    fold.appendChild(scrolling(list, "Rows and facts to review"));
    box.appendChild(fold);
  }
}

// chart draws VAT per country as horizontal bars in inline SVG, built with
// DOM calls: no inline style, so the page's CSP holds.
function chart(lines) {
  const per = new Map();
  for (const l of lines) per.set(l.country, (per.get(l.country) || 0) + cents(l.vat_amount));
  if (per.size === 0) return;
  const data = [...per.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const max = Math.max(...data.map(([, c]) => Math.abs(c))) || 1;
  const NS = "http://www.w3.org/2000/svg";
  const rowH = 26, labelW = 44, valueW = 120, width = 640, barW = width - labelW - valueW;
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 " + width + " " + (data.length * rowH + 8));
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-labelledby", "report-chart-caption report-chart-desc");
  svg.classList.add("chart");
  const desc = document.createElementNS(NS, "desc");
  desc.id = "report-chart-desc";
  desc.textContent = data.map(([c, v]) => c + " " + money(fromCents(v)) + " €").join("; ");
  svg.appendChild(desc);
  const add = (tag, attrs, text) => {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    svg.appendChild(e);
    return e;
  };
  data.forEach(([country, v], i) => {
    const y = 4 + i * rowH;
    add("text", { x: 0, y: y + 17, class: "label" }, country);
    const w = Math.max(1, Math.round((barW * Math.abs(v)) / max));
    add("rect", { x: labelW, y: y + 3, width: w, height: rowH - 8, class: v < 0 ? "bar negative" : "bar" });
    add("text", { x: labelW + w + 6, y: y + 17, class: "value" }, money(fromCents(v)) + " €");
  });
  $("report-chart").appendChild(svg);
  $("report-chart-box").hidden = false;
}

document.addEventListener("DOMContentLoaded", () => {
  $("login-form").addEventListener("submit", login);
  $("enroll-button").addEventListener("click", enroll);
  $("upload-form").addEventListener("submit", upload);
  $("facts-form").addEventListener("submit", saveFacts);
  $("vies-form").addEventListener("submit", checkNumbers);
  $("report-form").addEventListener("submit", buildReport);
  for (const b of $("downloads").querySelectorAll("button")) b.addEventListener("click", () => download(b.dataset.format));
  $("logout-button").addEventListener("click", logout);
  $("erase-button").addEventListener("click", erase);
  const loggedIn = csrf() !== "";
  showWork(loggedIn);
  if (loggedIn) {
    loadHistory();
    loadFacts();
  }
});
