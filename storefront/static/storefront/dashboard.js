/* Langganan: small behaviours of the owner's dashboard that Oscar's templates wrote as inline
   onclick="…" attributes, which the Content-Security-Policy forbids. The templates mark the
   element instead (data-print, data-history-back, data-close-window, data-image-preview) and
   this file acts on it. Loaded after Oscar's dashboard.js. */
(function () {
  "use strict";
  var actions = {
    "data-print": function () { window.print(); },
    "data-history-back": function () { window.history.back(); },
    "data-close-window": function () { window.close(); }
  };
  document.addEventListener("click", function (event) {
    if (!event.target.closest) { return; }
    Object.keys(actions).forEach(function (attribute) {
      if (event.target.closest("[" + attribute + "]")) {
        event.preventDefault();
        actions[attribute]();
      }
    });
  });
  // The product form's image preview: hide the upload button once a chosen picture shows, show
  // it again (and say why) when the file is not a picture. load/error do not bubble: capture.
  function previewButton(image) { return image.closest(".image-input").querySelector("button"); }
  document.addEventListener("load", function (event) {
    if (event.target.matches && event.target.matches("img[data-image-preview]")) {
      previewButton(event.target).style.display = "none";
    }
  }, true);
  document.addEventListener("error", function (event) {
    var image = event.target;
    if (image.matches && image.matches("img[data-image-preview]") && image.getAttribute("src")) {
      previewButton(image).style.display = "";
      window.alert(image.getAttribute("data-error-message"));
    }
  }, true);
  // Oscar 4.2's order page calls oscar.dashboard.orders.initTable(), which its dashboard.js no
  // longer defines: without this the rest of the page's start-up script would be cut short.
  if (window.oscar && oscar.dashboard && oscar.dashboard.orders && !oscar.dashboard.orders.initTable) {
    oscar.dashboard.orders.initTable = function () {};
  }
})();
