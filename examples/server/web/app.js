// The page's only script: it calls the JSON API of the server and shows the
// answers. State-changing calls carry the vatkit_csrf cookie's value in the
// X-CSRF-Token header; the session cookie itself is HttpOnly.
"use strict";

const $ = (id) => document.getElementById(id);

function csrf() {
  const m = document.cookie.match(/(?:^|;\s*)vatkit_csrf=([^;]*)/);
  return m ? m[1] : "";
}

function say(text, isError) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

async function api(method, path, body) {
  const opts = { method, headers: { "X-CSRF-Token": csrf() }, credentials: "same-origin" };
  if (body instanceof FormData) {
    opts.body = body;
  } else if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  const resp = await fetch(path, opts);
  if (resp.status === 401 && path !== "/api/login") {
    showWork(false);
  }
  return resp;
}

async function errorText(resp) {
  try {
    return (await resp.json()).error || resp.statusText;
  } catch {
    return resp.statusText;
  }
}

function showWork(on) {
  $("work").hidden = !on;
  $("account").hidden = on;
}

function credentials() {
  return { login: $("login").value, password: $("password").value };
}

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text;
  row.appendChild(td);
}

async function login(event) {
  event.preventDefault();
  say("Logging in…");
  const resp = await api("POST", "/api/login", credentials());
  if (!resp.ok) return say(await errorText(resp), true);
  $("password").value = "";
  showWork(true);
  say("Logged in.");
}

async function enroll() {
  if (!$("login-form").reportValidity()) return;
  say("Creating the account…");
  const resp = await api("POST", "/api/enroll", credentials());
  if (resp.status !== 201) return say(await errorText(resp), true);
  // The same answer whether the login was free or taken (the server does
  // not tell which logins exist): logging in tells the seller.
  say("Logging in…");
  await login(new Event("submit"));
}

async function upload(event) {
  event.preventDefault();
  const form = new FormData();
  form.append("file", $("file").files[0]);
  say("Uploading…");
  const resp = await api("POST", "/api/uploads", form);
  if (!resp.ok) return say(await errorText(resp), true);
  const r = await resp.json();
  $("accepted").textContent = r.accepted;
  $("duplicates").textContent = r.duplicates;
  $("rejected-count").textContent = r.rejected_total;
  $("needs-review").textContent = r.needs_review;
  $("upload-summary").hidden = false;
  const body = $("rejected").tBodies[0];
  body.replaceChildren();
  for (const e of r.rejected) {
    const row = body.insertRow();
    cell(row, e.line); cell(row, e.column || "—"); cell(row, e.reason);
  }
  $("rejected").hidden = r.rejected.length === 0;
  say("Upload done: " + r.accepted + " rows accepted.");
}

async function checkNumbers(event) {
  event.preventDefault();
  const numbers = $("numbers").value.split("\n").map((s) => s.trim()).filter((s) => s);
  say("Asking VIES…");
  const resp = await api("POST", "/api/vies/check", { numbers });
  if (!resp.ok) return say(await errorText(resp), true);
  const body = $("vies-results").tBodies[0];
  body.replaceChildren();
  const results = (await resp.json()).results;
  results.forEach((r, i) => {
    const row = body.insertRow();
    cell(row, r.number || numbers[i]); cell(row, r.status);
    cell(row, r.date || "—"); cell(row, r.reason || r.warning || "");
  });
  $("vies-results").hidden = false;
  say("VIES check done.");
}

async function buildReport(event) {
  event.preventDefault();
  say("Building the return…");
  const resp = await api("POST", "/api/reports", {
    kind: $("kind").value, period: $("period").value, home: $("home").value, format: $("format").value,
  });
  if (!resp.ok) return say(await errorText(resp), true);
  const built = await resp.json();
  // The server builds the report in the background: ask every half second
  // until it is ready (202 says how many records it has read). It hands a
  // report out once: fetch it now, show it, and offer the bytes as a file
  // from memory.
  let file = await api("GET", built.download);
  while (file.status === 202) {
    const progress = await file.json();
    say("Building the return… " + progress.records_read + " records read.");
    await new Promise((done) => setTimeout(done, 500));
    file = await api("GET", built.download);
  }
  if (!file.ok) return say(await errorText(file), true);
  const blob = await file.blob();
  const format = $("format").value;
  $("report-output").textContent = format === "xlsx" ? "(Excel workbook: save it with the link above.)" : await blob.text();
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = $("kind").value + "-" + $("home").value + "-" + $("period").value + "." + ({ json: "json", xlsx: "xlsx" }[format] || "csv");
  a.textContent = "Save the return as a file";
  $("report-link").replaceChildren(a);
  say("Return built and downloaded.");
}

async function logout() {
  await api("POST", "/api/logout");
  showWork(false);
  say("Logged out.");
}

async function erase() {
  if (!confirm("Delete the account and every record now? This cannot be undone.")) return;
  const resp = await api("DELETE", "/api/account");
  if (resp.status !== 204) return say(await errorText(resp), true);
  showWork(false);
  say("Account deleted.");
}

document.addEventListener("DOMContentLoaded", () => {
  $("login-form").addEventListener("submit", login);
  $("enroll-button").addEventListener("click", enroll);
  $("upload-form").addEventListener("submit", upload);
  $("vies-form").addEventListener("submit", checkNumbers);
  $("report-form").addEventListener("submit", buildReport);
  $("logout-button").addEventListener("click", logout);
  $("erase-button").addEventListener("click", erase);
  showWork(csrf() !== "");
});
