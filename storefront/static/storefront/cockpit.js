/* The owner's dashboard shell (oscar/dashboard/layout.html): plain JavaScript, no inline scripts. */
(function ($) {
  "use strict";
  // What Oscar's dashboard layout started inline: its widgets (date pickers, select2 …) and
  // opening the tab named in the address (#…).
  $(function () {
    var hash = window.location.hash;
    if (hash) { $('.bs-docs-sidenav a[href="' + hash + '"]').tab("show"); }
    $(".nav-list a").on("shown.bs.tab", function (event) { window.location.hash = event.target.hash; });
    oscar.dashboard.init({ languageCode: document.documentElement.lang || "id" });
  });
})(window.jQuery);

/* "Kirim": one submit records the shipment and opens the buyer's WhatsApp message. The window
   is opened during the tap (phones block it later) and pointed at WhatsApp once the server has
   saved the shipment; on an error the form is sent normally and comes back with the message. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-ship-form]");
  if (!form || !window.fetch) { return; }
  form.addEventListener("submit", function (event) {
    if (form.getAttribute("data-plain")) { return; }
    event.preventDefault();
    var whatsapp = window.open("", "_blank");
    fetch(form.action || window.location.href, {
      method: "POST", body: new FormData(form), credentials: "same-origin", headers: { Accept: "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (!result.ok) { throw new Error("invalid"); }
      if (whatsapp && result.data.whatsapp) { whatsapp.location.href = result.data.whatsapp; } else if (whatsapp) { whatsapp.close(); }
      window.location.href = result.data.next;
    }).catch(function () {
      if (whatsapp) { whatsapp.close(); }
      form.setAttribute("data-plain", "1");
      form.submit();
    });
  });
})();

/* Scanning a tracking number with the phone's camera: the browser's BarcodeDetector reads the
   live camera where it can; otherwise a photo taken with the file input is read. Where the
   browser cannot read barcodes at all the owner types the number. */
(function () {
  "use strict";
  var input = document.querySelector("input[data-scan-into]");
  if (!input) { return; }
  var target = document.getElementById(input.getAttribute("data-scan-into"));
  var status = document.querySelector("[data-scan-status]");
  var video = document.querySelector("[data-scan-video]");
  var button = document.querySelector("[data-scan-button]");
  var detector = null;
  function say(text) { if (status) { status.hidden = !text; status.textContent = text; } }
  function found(codes) {
    if (codes && codes.length) { target.value = codes[0].rawValue; target.focus(); say(""); return true; }
    return false;
  }
  function getDetector() {
    if (!detector && "BarcodeDetector" in window) { detector = new window.BarcodeDetector(); }
    return detector;
  }
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file) { return; }
    if (!getDetector() || !window.createImageBitmap) { say(target.getAttribute("data-no-scan") || ""); return; }
    createImageBitmap(file).then(function (image) { return detector.detect(image); }).then(function (codes) {
      if (!found(codes)) { say(target.getAttribute("data-not-found") || ""); }
    }).catch(function () { say(target.getAttribute("data-not-found") || ""); });
  });
  // Live camera: scan until a code is read, then stop the camera.
  if (button && video && navigator.mediaDevices && navigator.mediaDevices.getUserMedia && "BarcodeDetector" in window) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream; video.hidden = false; video.play();
        function stop() { stream.getTracks().forEach(function (track) { track.stop(); }); video.hidden = true; }
        (function look() {
          getDetector().detect(video).then(function (codes) {
            if (found(codes)) { stop(); } else if (!video.hidden) { window.setTimeout(look, 250); }
          }).catch(function () { window.setTimeout(look, 250); });
        })();
      }).catch(function () { input.click(); });
    });
  }
})();

/* A search box that filters a list in the page (the products of "Pesanan dari WhatsApp"). */
(function () {
  "use strict";
  document.querySelectorAll("input[data-filter-list]").forEach(function (box) {
    var rows = document.querySelectorAll("#" + box.getAttribute("data-filter-list") + " [data-filter-text]");
    box.addEventListener("input", function () {
      var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      rows.forEach(function (row) {
        var text = row.getAttribute("data-filter-text");
        row.hidden = !words.every(function (word) { return text.indexOf(word) !== -1; });
      });
    });
  });
})();
