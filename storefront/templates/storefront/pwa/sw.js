{% load static %}/* Langganan's service worker: only the "Tidak ada koneksi" page, nothing else is cached. */
"use strict";
var CACHE = "langganan-offline-1";
var OFFLINE = "{% url 'pwa-offline' %}";
var FILES = [OFFLINE, "{% static 'storefront/offline.css' %}"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(FILES); }));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) { return key !== CACHE; }).map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.mode === "navigate") {
    // Pages always come from the network; only when it fails does the offline page answer.
    event.respondWith(fetch(request).catch(function () { return caches.match(OFFLINE); }));
  } else if (FILES.indexOf(new URL(request.url).pathname) !== -1) {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
  }
});
