// Recording without network (issue 9). On the pages of someone who records activities
// (body[data-recorder="1"]) and only where the browser has service workers and IndexedDB:
// - registers the service worker (/sw.js) that keeps the activity form available offline;
// - on the form that carries data-offline-sync, a record saved while offline (or when a quick
//   check finds no network) goes into a queue on the phone (IndexedDB) with its Idempotency-Key
//   made at once; online, the form is sent as usual, and a copy waits in the queue under the
//   form's own one-time key until the server's answer names that key (data-answered-key): if
//   the network drops during the send, the copy is sent later and the server records it once;
// - shows « N en attente » in #file-attente, sends the queue when the network comes back, on page
//   load and by hand, one record at a time, never two synchronisations at once;
// - on the sign-out page, warns when records wait and clears the cached form page.
// Everything else works as before without this script. See docs/offline.md.
(function () {
  "use strict";
  var body = document.body;
  if (!body || body.getAttribute("data-recorder") !== "1") return;
  if (!("serviceWorker" in navigator) || !window.indexedDB || !window.fetch || !window.URLSearchParams || !window.FormData) return;

  var DB_NAME = "tandem-hors-ligne";
  var STORE = "file";
  var DEFAULT_ENDPOINT = "/activites/synchronisation";
  var FORM_PATH = "/activites/nouvelle";
  var USED_KEYS = "tandem-cles-utilisees";
  var QUEUED_TEXT = "Activité gardée sur ce téléphone : elle sera envoyée au retour du réseau.";
  var SIGN_IN_TEXT = "Connectez-vous pour envoyer les activités en attente.";

  var form = document.querySelector("form#formulaire[data-offline-sync]");
  var endpoint = (form && form.getAttribute("data-offline-sync")) || DEFAULT_ENDPOINT;
  var signOutForm = document.getElementById("deconnexion-formulaire");
  var owner = accountOf();

  // ------------------------------------------------------------------------------------------
  // The service worker

  var PAGE_CACHE = "tandem-pages-v1"; // the same name as in sw.js
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});

  // The form page was maybe opened before the service worker was there: once it is, keep a copy
  // of the form (fetched now, online) so that it opens offline from any page of the session.
  function warmFormCache() {
    if (!window.caches || navigator.onLine === false || signOutForm) return;
    var url = window.location.origin + FORM_PATH;
    navigator.serviceWorker.ready.then(function () {
      return caches.open(PAGE_CACHE).then(function (cache) {
        return cache.match(url).then(function (hit) {
          if (hit) return null;
          return fetch(FORM_PATH, { credentials: "same-origin" }).then(function (response) {
            if (response.ok && !response.redirected && (response.headers.get("Content-Type") || "").indexOf("text/html") === 0) {
              return cache.put(url, response);
            }
            return null;
          });
        });
      });
    }).catch(function () {});
  }

  function clearPageCache() {
    var done = [];
    if (window.caches) {
      done.push(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf("tandem-pages-") === 0; })
          .map(function (n) { return caches.delete(n); }));
      }).catch(function () {}));
    }
    var worker = navigator.serviceWorker.controller;
    if (worker) worker.postMessage({ type: "clear" });
    return Promise.all(done);
  }

  // ------------------------------------------------------------------------------------------
  // The queue in IndexedDB: {key, body, savedAt, status, message, errors, owner, summary, personLabel}

  var dbPromise = null;
  function db() {
    if (!dbPromise) {
      var open = function (version) {
        return new Promise(function (resolve, reject) {
          var request = version ? indexedDB.open(DB_NAME, version) : indexedDB.open(DB_NAME);
          request.onupgradeneeded = function () {
            if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE, { keyPath: "key" });
          };
          request.onsuccess = function () {
            var database = request.result;
            // A database made without the store (by another script): one more version adds it.
            if (!database.objectStoreNames.contains(STORE)) {
              var next = database.version + 1;
              database.close();
              open(next).then(resolve, reject);
              return;
            }
            database.onversionchange = function () { database.close(); dbPromise = null; };
            resolve(database);
          };
          request.onerror = function () { reject(request.error); };
        });
      };
      dbPromise = open(0);
    }
    return dbPromise;
  }

  function tx(mode, work) {
    return db().then(function (database) {
      return new Promise(function (resolve, reject) {
        var transaction = database.transaction(STORE, mode);
        var result;
        var request = work(transaction.objectStore(STORE));
        if (request) request.onsuccess = function () { result = request.result; };
        transaction.oncomplete = function () { resolve(result); };
        transaction.onerror = function () { reject(transaction.error); };
        transaction.onabort = function () { reject(transaction.error); };
      });
    });
  }

  function allRecords() {
    return tx("readonly", function (store) { return store.getAll(); }).then(function (list) {
      return (list || []).sort(function (a, b) {
        return a.savedAt < b.savedAt ? -1 : a.savedAt > b.savedAt ? 1 : (a.order || 0) - (b.order || 0);
      });
    });
  }
  function mine(list) { return list.filter(function (r) { return r.owner === owner; }); }
  function putRecord(record) { return tx("readwrite", function (store) { return store.put(record); }); }
  function getRecord(key) { return tx("readonly", function (store) { return store.get(key); }); }
  function deleteRecord(key) { return tx("readwrite", function (store) { return store.delete(key); }); }

  // Who the queued records belong to: they are only ever sent by the same account.
  function accountOf() {
    if (body.getAttribute("data-account")) return body.getAttribute("data-account");
    var who = document.querySelector("header .who");
    return who ? who.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // ------------------------------------------------------------------------------------------
  // Status messages (aria-live) and the « N en attente » badge

  var status = document.createElement("p");
  status.id = "hors-ligne-etat";
  status.className = "offline-status";
  status.setAttribute("role", "status");
  status.setAttribute("tabindex", "-1");
  var main = document.getElementById("contenu") || body;
  var heading = main.querySelector("h1");
  if (heading && heading.parentNode === main) main.insertBefore(status, heading.nextSibling);
  else main.insertBefore(status, main.firstChild);

  function announce(text) {
    status.textContent = "";
    // A new text node after a tick so that the same message twice is still read.
    setTimeout(function () { status.textContent = text; }, 50);
  }

  var panel = document.getElementById("file-attente");
  var badge, sendButton, details, list, others;
  if (panel) {
    panel.classList.add("queue-status");
    badge = document.createElement("p");
    badge.className = "queue-count";
    sendButton = document.createElement("button");
    sendButton.type = "button";
    sendButton.className = "queue-send";
    sendButton.textContent = "Envoyer maintenant";
    sendButton.addEventListener("click", function () {
      if (navigator.onLine === false) announce("Pas de réseau : les activités partiront dès son retour.");
      sync(true);
    });
    details = document.createElement("details");
    details.className = "queue-details";
    var summary = document.createElement("summary");
    summary.textContent = "Voir les activités en attente";
    list = document.createElement("ul");
    list.className = "queue-list";
    others = document.createElement("p");
    others.className = "queue-others";
    details.appendChild(summary);
    details.appendChild(list);
    details.appendChild(others);
    var row = document.createElement("div");
    row.className = "queue-row";
    row.appendChild(badge);
    row.appendChild(sendButton);
    panel.appendChild(row);
    panel.appendChild(details);
  }

  function describe(record) {
    var s = record.summary || {};
    var parts = [];
    if (s.date) parts.push(frenchDate(s.date));
    if (s.kind) parts.push(s.kind);
    if (s.duration) parts.push(s.duration);
    return parts.join(" · ") || "Activité du " + new Date(record.savedAt).toLocaleString("fr-FR");
  }

  function frenchDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : iso;
  }

  function render() {
    return allRecords().then(function (all) {
      var own = mine(all);
      var foreign = all.length - own.length;
      updateSignOutWarning(own.length);
      if (!panel) return;
      panel.hidden = own.length === 0 && foreign === 0;
      badge.textContent = own.length + " en attente";
      sendButton.hidden = own.length === 0;
      list.textContent = "";
      own.forEach(function (record) { list.appendChild(item(record)); });
      others.textContent = foreign > 0 ? foreign + (foreign > 1 ? " activités d'un autre compte attendent" : " activité d'un autre compte attend") +
        " sur ce téléphone : elles partiront quand ce compte se connectera." : "";
      others.hidden = foreign === 0;
    }).catch(function () {});
  }

  function item(record) {
    var li = document.createElement("li");
    li.className = "queue-item" + (record.status === "refused" ? " refused" : "");
    var title = document.createElement("p");
    title.className = "queue-title";
    title.textContent = describe(record) + (record.status === "refused" ? " — refusée" : " — en attente");
    li.appendChild(title);
    if (record.status === "refused") {
      var message = document.createElement("p");
      message.className = "queue-message";
      message.textContent = record.message || "Le serveur a refusé cette activité.";
      li.appendChild(message);
      if (record.errors && record.errors.length) {
        var errors = document.createElement("ul");
        errors.className = "queue-errors";
        record.errors.forEach(function (e) {
          var x = document.createElement("li");
          x.textContent = e.message || e.field;
          errors.appendChild(x);
        });
        li.appendChild(errors);
      }
      var actions = document.createElement("p");
      actions.className = "queue-actions";
      var fix = document.createElement("button");
      fix.type = "button";
      fix.textContent = "Corriger";
      fix.setAttribute("aria-label", "Corriger l'activité " + describe(record));
      fix.addEventListener("click", function () { correct(record.key); });
      var drop = document.createElement("button");
      drop.type = "button";
      drop.textContent = "Retirer";
      drop.setAttribute("aria-label", "Retirer de la file l'activité " + describe(record));
      drop.addEventListener("click", function () {
        if (!window.confirm("Retirer cette activité de la file ? Elle ne sera jamais envoyée.")) return;
        deleteRecord(record.key).then(function () { announce("Activité retirée de la file."); render(); });
      });
      actions.appendChild(fix);
      actions.appendChild(drop);
      li.appendChild(actions);
    }
    return li;
  }

  // ------------------------------------------------------------------------------------------
  // Sending the queue

  var syncing = false;
  var retryTimer = null;
  var retryDelay = 5000;
  var MAX_RETRY = 5 * 60 * 1000;

  function sync(byHand) {
    if (syncing) return Promise.resolve();
    syncing = true;
    var run = navigator.locks && navigator.locks.request
      ? navigator.locks.request("tandem-file-attente", { ifAvailable: true }, function (lock) { return lock ? sendAll(byHand) : null; })
      : sendAll(byHand);
    return Promise.resolve(run).catch(function () {}).then(function () {
      syncing = false;
      return render();
    });
  }

  function scheduleRetry() {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(function () { retryTimer = null; if (navigator.onLine !== false) sync(false); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, MAX_RETRY);
  }

  function currentToken() {
    var input = document.querySelector('input[name="_csrf"]');
    return input && input.value ? Promise.resolve(input.value) : freshToken();
  }

  // The form page from the network (never from the cache) carries a token of this session.
  function freshToken() {
    return fetch(FORM_PATH, { credentials: "same-origin", cache: "no-store", redirect: "follow" }).then(function (response) {
      if (!response.ok || response.redirected) return "";
      return response.text().then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var input = page.querySelector('input[name="_csrf"]');
        return input ? input.value : "";
      });
    });
  }

  function post(record, token) {
    var params = new URLSearchParams(record.body);
    params.set("_csrf", token);
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, 30000) : null;
    return fetch(endpoint, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Idempotency-Key": record.key, "Accept": "application/json" },
      body: params.toString(),
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (timer) clearTimeout(timer);
      return response.text().then(function (text) {
        var json = {};
        try { json = JSON.parse(text) || {}; } catch (e) { json = {}; }
        return { status: response.status, json: json };
      }, function () { return { status: response.status, json: {} }; });
    }, function (error) {
      if (timer) clearTimeout(timer);
      throw error;
    });
  }

  function sendAll(byHand) {
    return allRecords().then(function (all) {
      var waiting = mine(all).filter(function (r) { return r.status === "waiting"; });
      if (waiting.length === 0) return;
      var sent = 0;
      var refused = 0;
      var refreshed = false;
      return currentToken().then(function (token) {
        var index = 0;
        function next() {
          if (index >= waiting.length) return finish();
          var record = waiting[index];
          return getRecord(record.key).then(function (stored) {
            // Corrected or removed meanwhile (another tab): skip.
            if (!stored || stored.status !== "waiting") { index++; return next(); }
            record = stored;
            return post(record, token).then(function (answer) {
              var code = answer.status;
              var message = answer.json.message || "";
              if (code === 201 || code === 200) {
                sent++; index++;
                retryDelay = 5000;
                return deleteRecord(record.key).then(next);
              }
              if (code === 401 || code === 0) {
                announce(message || SIGN_IN_TEXT);
                return null;
              }
              if (code === 403 && !refreshed) {
                refreshed = true;
                return freshToken().then(function (fresh) { if (fresh) token = fresh; return next(); });
              }
              if (code === 422 || code === 409 || code === 400 || code === 403) {
                refused++; index++;
                record.status = "refused";
                record.message = message || "Le serveur a refusé cette activité (" + code + ").";
                record.errors = Array.isArray(answer.json.errors) ? answer.json.errors : [];
                return putRecord(record).then(next);
              }
              // 5xx (busy) or anything unexpected: keep it and try again later.
              scheduleRetry();
              return finish(true);
            }, function () {
              // Network error or no answer: the record stays, with the same key.
              scheduleRetry();
              return finish(true);
            });
          });
        }
        function finish(stopped) {
          var words = [];
          if (sent) words.push(sent + (sent > 1 ? " activités envoyées." : " activité envoyée."));
          if (refused) words.push(refused + (refused > 1 ? " activités refusées : corrigez-les dans la liste en attente." : " activité refusée : corrigez-la dans la liste en attente."));
          if (stopped) words.push("Réseau indisponible : les activités restantes partiront plus tard.");
          if (words.length && (byHand || sent || refused)) announce(words.join(" "));
          return null;
        }
        return next();
      }, function () {
        scheduleRetry();
      });
    });
  }

  // ------------------------------------------------------------------------------------------
  // The activity form

  var correcting = null; // the key of the record being corrected
  var pending = false;

  function usedKeys() {
    try { return JSON.parse(localStorage.getItem(USED_KEYS) || "[]"); } catch (e) { return []; }
  }
  function rememberUsedKey(value) {
    if (!value) return;
    try {
      var keys = usedKeys().filter(function (k) { return k !== value; });
      keys.push(value);
      localStorage.setItem(USED_KEYS, JSON.stringify(keys.slice(-50)));
    } catch (e) { /* private mode: nothing to remember */ }
  }

  function field(name) { return form.querySelector('[name="' + name + '"]'); }

  function labelOf(input) {
    if (!input) return "";
    var label = input.id ? form.querySelector('label[for="' + input.id + '"]') : null;
    return label ? label.textContent.replace(/\s+/g, " ").trim() : input.value;
  }

  function summaryOf(params) {
    var other = (params.get("durationOther") || "").trim();
    var minutes = other || params.get("durationMinutes") || "";
    return {
      date: params.get("date") || "",
      kind: labelOf(form.querySelector('input[name="kind"]:checked')),
      duration: minutes ? minutes + " min" : ""
    };
  }

  function personPicker() {
    var root = form.querySelector("[data-person-picker]");
    if (!root) return null;
    return { hidden: root.querySelector('input[type="hidden"][data-condition-value]'), text: root.querySelector('input[role="combobox"]') };
  }

  function refreshFormKey() {
    var key = field("_cle");
    if (key) key.value = "form-" + newKey();
  }

  function setValues(params, only) {
    var elements = form.elements;
    for (var i = 0; i < elements.length; i++) {
      var el = elements[i];
      var name = el.name;
      if (!name || name === "_csrf" || name === "_cle") continue;
      if (only && only.indexOf(name) < 0) continue;
      var values = params.getAll(name);
      if (el.type === "radio" || el.type === "checkbox") el.checked = values.indexOf(el.value) >= 0;
      else if (el.tagName === "SELECT" && el.multiple) {
        for (var j = 0; j < el.options.length; j++) el.options[j].selected = values.indexOf(el.options[j].value) >= 0;
      } else if (el.type === "submit" || el.type === "button") continue;
      else el.value = values.length ? values[0] : "";
    }
  }

  function changed() { form.dispatchEvent(new Event("change", { bubbles: true })); }

  // After a record is kept, the form is ready for the next one: like the server after a save,
  // the date and the place stay, the rest is emptied.
  function resetForm(params) {
    form.reset();
    setValues(params, ["date", "locationKind", "placeId"]);
    var picker = personPicker();
    if (picker && picker.hidden) { picker.hidden.value = ""; if (picker.text) picker.text.value = ""; }
    refreshFormKey();
    changed();
  }

  function fill(record) {
    var params = new URLSearchParams(record.body);
    form.reset();
    setValues(params);
    var picker = personPicker();
    if (picker && picker.hidden) {
      picker.hidden.value = params.get(picker.hidden.name) || "";
      if (picker.text) picker.text.value = picker.hidden.value ? (record.personLabel || "") : "";
    }
    changed();
  }

  function toTop() {
    window.scrollTo(0, 0);
    status.focus();
  }

  function makeRecord(params, key) {
    var picker = personPicker();
    return {
      key: key,
      body: params.toString(),
      savedAt: new Date().toISOString(),
      order: Date.now(),
      status: "waiting",
      message: "",
      errors: [],
      owner: owner,
      summary: summaryOf(params),
      personLabel: picker && picker.text ? picker.text.value : ""
    };
  }

  function keep() {
    var params = new URLSearchParams(new FormData(form));
    var record = makeRecord(params, newKey());
    return putRecord(record).then(function () {
      resetForm(params);
      announce(QUEUED_TEXT);
      toTop();
      return render();
    }, function () {
      announce("L'activité n'a pas pu être gardée sur ce téléphone : réessayez quand le réseau reviendra.");
    });
  }

  // A quick look at the network before sending the form the usual way.
  function reachable() {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, 4000) : null;
    return fetch("/health?t=" + Date.now(), { cache: "no-store", credentials: "same-origin", signal: controller ? controller.signal : undefined })
      .then(function () { return true; }, function () { return false; })
      .then(function (ok) { if (timer) clearTimeout(timer); return ok; });
  }

  function correct(key) {
    if (!form) {
      window.location.href = FORM_PATH + "#corriger-" + encodeURIComponent(key);
      return;
    }
    getRecord(key).then(function (record) {
      if (!record) return;
      correcting = record.key;
      fill(record);
      var errors = (record.errors || []).map(function (e) { return e.message || e.field; }).join(" ");
      announce("Correction de l'activité " + describe(record) + " : " + (record.message || "") + " " + errors +
        " Modifiez le formulaire puis enregistrez : l'activité quittera la file une fois acceptée.");
      toTop();
    });
  }

  function saveCorrection() {
    var params = new URLSearchParams(new FormData(form));
    var key = correcting;
    return getRecord(key).then(function (record) {
      if (!record) { correcting = null; return keep(); }
      record.body = params.toString();
      record.status = "waiting";
      record.message = "";
      record.errors = [];
      record.summary = summaryOf(params);
      var picker = personPicker();
      record.personLabel = picker && picker.text ? picker.text.value : "";
      return putRecord(record).then(function () {
        if (navigator.onLine === false) {
          correcting = null;
          resetForm(params);
          announce(QUEUED_TEXT);
          toTop();
          return render();
        }
        return sync(true).then(function () { return getRecord(key); }).then(function (after) {
          if (!after) {
            correcting = null;
            resetForm(params);
            announce("Activité enregistrée.");
            toTop();
          } else if (after.status === "refused") {
            correct(key);
          } else {
            correcting = null;
            resetForm(params);
            announce(QUEUED_TEXT);
            toTop();
          }
          return render();
        });
      });
    });
  }

  if (form) {
    // A page shown from the phone's cache may carry a one-time form key already used: a new one.
    var cle = field("_cle");
    if (cle && usedKeys().indexOf(cle.value) >= 0) refreshFormKey();

    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) return;
      event.preventDefault();
      if (pending) return;
      pending = true;
      var done = function () { pending = false; };
      if (correcting) { saveCorrection().then(done, done); return; }
      if (navigator.onLine === false) { keep().then(done, done); return; }
      reachable().then(function (ok) {
        if (!ok) return keep().then(done, done);
        var key = field("_cle");
        rememberUsedKey(key && key.value);
        // A copy under the form's own key, in case the answer never comes (the network drops
        // during the send): the next page removes it once the server has answered.
        var send = function () { done(); form.submit(); }; // the usual way: the next form or the errors
        if (!key || !/^form-[A-Za-z0-9-]{8,75}$/.test(key.value)) { send(); return; }
        putRecord(makeRecord(new URLSearchParams(new FormData(form)), key.value)).then(send, send);
      });
    });

    var wanted = /^#corriger-(.+)$/.exec(window.location.hash);
    if (wanted) {
      if (history.replaceState) history.replaceState(null, "", window.location.pathname + window.location.search);
      correct(decodeURIComponent(wanted[1]));
    }
  }

  // Offline, the page may come from the phone's cache: its old message goes, the date is today's.
  function offlineLook() {
    var flashes = main.querySelectorAll(".flash");
    for (var i = 0; i < flashes.length; i++) flashes[i].hidden = true;
    if (form) {
      var date = field("date");
      var now = new Date();
      var today = now.getFullYear() + "-" + ("0" + (now.getMonth() + 1)).slice(-2) + "-" + ("0" + now.getDate()).slice(-2);
      if (date && date.value === date.defaultValue && date.value !== today) date.value = today;
      announce("Pas de réseau : les activités enregistrées restent sur ce téléphone et partiront au retour du réseau.");
    }
  }

  // ------------------------------------------------------------------------------------------
  // Sign-out

  var warning = null;
  function updateSignOutWarning(count) {
    if (!signOutForm) return;
    if (!warning) {
      warning = document.createElement("p");
      warning.className = "offline-warning";
      warning.id = "deconnexion-attente";
      var button = signOutForm.querySelector('button[type="submit"], button:not([type])');
      if (button) {
        button.parentNode.insertBefore(warning, button);
        button.setAttribute("aria-describedby", warning.id);
      } else signOutForm.appendChild(warning);
    }
    warning.hidden = count === 0;
    warning.textContent = count === 0 ? "" : (count > 1 ? count + " activités ne sont pas encore envoyées" : "1 activité n'est pas encore envoyée") +
      " : si vous vous déconnectez, " + (count > 1 ? "elles resteront" : "elle restera") + " sur ce téléphone et " +
      (count > 1 ? "partiront" : "partira") + " à votre prochaine connexion.";
    signOutForm.setAttribute("data-waiting", String(count));
  }

  if (signOutForm) {
    signOutForm.addEventListener("submit", function (event) {
      if (signOutForm.getAttribute("data-cleared") === "1") return;
      event.preventDefault();
      allRecords().then(function (all) {
        var count = mine(all).length;
        if (count > 0 && !window.confirm((count > 1 ? count + " activités ne sont pas encore envoyées." : "1 activité n'est pas encore envoyée.") +
            " Elles resteront sur ce téléphone et partiront à votre prochaine connexion. Se déconnecter quand même ?")) return;
        return clearPageCache().then(function () {
          signOutForm.setAttribute("data-cleared", "1");
          signOutForm.submit();
        });
      }, function () {
        signOutForm.setAttribute("data-cleared", "1");
        signOutForm.submit();
      });
    });
  }

  // ------------------------------------------------------------------------------------------
  // When to send

  window.addEventListener("online", function () {
    retryDelay = 5000;
    status.textContent = "";
    sync(false);
  });
  window.addEventListener("offline", function () {
    if (form) announce("Pas de réseau : les activités enregistrées restent sur ce téléphone et partiront au retour du réseau.");
  });

  // The server answered this form (recorded it, or shows why not): its copy is not needed.
  var answered = form ? form.getAttribute("data-answered-key") : null;
  (answered ? deleteRecord(answered).catch(function () {}) : Promise.resolve()).then(function () {
    render();
    if (navigator.onLine === false) offlineLook();
    else { sync(false); warmFormCache(); }
  });

  // Back from the browser's error page after a send that failed, the page comes from memory
  // without running this script again: show the copy waiting, and send it if the network is back.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    render();
    if (navigator.onLine !== false) sync(false);
  });
})();
