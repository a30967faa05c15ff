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
