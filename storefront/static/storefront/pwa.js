/* Installable on the phone: registers the service worker named by the page's manifest link. It
   only shows "Tidak ada koneksi" when offline and caches no page (storefront/pwa.py). */
(function () {
  "use strict";
  var manifest = document.querySelector("link[rel=manifest][data-service-worker]");
  if (manifest && "serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(manifest.getAttribute("data-service-worker"));
    });
  }
})();
