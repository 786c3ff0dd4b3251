// Tandem's service worker: the activity form opens without network.
// - Static assets the form needs: pre-cached at install, then served from the cache and refreshed
//   in the background ("cache first with update").
// - Navigations to /activites/nouvelle (with any query, e.g. ?personne=): network first; a good
//   answer is kept in the page cache (it carries the mediator's places, quick choices, people and
//   CSRF token) and served when the network is gone.
// - Everything else goes straight to the network: no other page is kept on the device.
// - A message {type: "clear"} from a page (at sign-out) deletes the page cache.
// No external dependency; see docs/offline.md.
"use strict";

var VERSION = "v1";
var STATIC_CACHE = "tandem-static-" + VERSION;
var PAGE_CACHE = "tandem-pages-" + VERSION;
var FORM_PATH = "/activites/nouvelle";

var STATIC_ASSETS = [
  "/css/tandem.css",
  "/css/person-picker.css",
  "/css/offline.css",
  "/js/activity-form.js",
  "/js/person-picker.js",
  "/js/offline.js",
  "/manifest.webmanifest",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
  "/icons/icon-maskable-512.png"
];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE).then(function (cache) {
      // One by one: a missing icon must not stop the others from being cached.
      return Promise.all(STATIC_ASSETS.map(function (url) {
        return fetch(url, { cache: "no-cache", credentials: "same-origin" }).then(function (response) {
          if (response.ok) return cache.put(url, response);
        }).catch(function () {});
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("tandem-") === 0 && name !== STATIC_CACHE && name !== PAGE_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "clear") return;
  var done = caches.delete(PAGE_CACHE).then(function () {
    if (event.source && event.source.postMessage) event.source.postMessage({ type: "cleared" });
  });
  if (event.waitUntil) event.waitUntil(done);
});

function isStatic(url) {
  return /^\/(css|js|icons)\//.test(url.pathname) || url.pathname === "/manifest.webmanifest" ||
    url.pathname === "/favicon.ico";
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.mode === "navigate" && url.pathname === FORM_PATH) {
    event.respondWith(formPage(event, request));
  } else if (isStatic(url) && url.pathname !== "/sw.js") {
    event.respondWith(staticAsset(event, request, url));
  }
  // Anything else: no respondWith, the browser goes to the network as usual.
});

function formPage(event, request) {
  return fetch(request).then(function (response) {
    // Keep only a real form page: not a redirect to /connexion, not an error page.
    if (response.ok && response.type === "basic" && !response.redirected &&
        (response.headers.get("Content-Type") || "").indexOf("text/html") === 0) {
      var copy = response.clone();
      event.waitUntil(caches.open(PAGE_CACHE).then(function (cache) { return cache.put(request.url, copy); }));
    }
    return response;
  }).catch(function (error) {
    return caches.open(PAGE_CACHE).then(function (cache) {
      return cache.match(request.url).then(function (exact) {
        // Another query (?personne=…) than the one kept: the plain form is better than nothing.
        return exact || cache.match(self.location.origin + FORM_PATH) ||
          cache.match(request.url, { ignoreSearch: true });
      });
    }).then(function (cached) {
      if (cached) return cached;
      throw error;
    });
  });
}

function staticAsset(event, request, url) {
  return caches.open(STATIC_CACHE).then(function (cache) {
    return cache.match(url.pathname).then(function (cached) {
      var update = fetch(request).then(function (response) {
        if (response.ok && response.type === "basic") return cache.put(url.pathname, response.clone()).then(function () { return response; });
        return response;
      });
      if (cached) {
        event.waitUntil(update.catch(function () {}));
        return cached;
      }
      return update;
    });
  });
}
