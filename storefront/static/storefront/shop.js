/* Langganan: the few behaviours Oscar's storefront templates expect, without jQuery or Bootstrap.
   Oscar's templates call oscar.init(), oscar.basket.init(), oscar.search.init() … from inline
   "onbodyload" blocks, which the Content-Security-Policy forbids (no inline scripts): this file
   starts every behaviour itself when the page is ready. All of them listen on the document for
   their own elements, so starting them on a page without those elements does nothing. Plain
   JavaScript, about 3 kB instead of the ~190 kB of jQuery + Bootstrap + ui.js. Every form still
   works with JavaScript off. */
var oscar = (function () {
  "use strict";
  function on(selector, type, handler) {
    document.addEventListener(type, function (event) {
      var target = event.target.closest ? event.target.closest(selector) : null;
      if (target) { handler.call(target, event); }
    });
  }
  function tickAndSubmit(link, prefix, suffix) {
    var box = document.getElementById("id_" + prefix + "-" + link.getAttribute("data-id") + "-" + suffix);
    if (box) { box.checked = true; link.closest("form").submit(); }
  }
  var o = {};
  o.forms = {
    init: function () {
      // A form is sent once: a second tap on a slow connection must not add twice.
      on("form", "submit", function (event) {
        if (event.defaultPrevented) { return; }
        if (this.getAttribute("data-submitted")) { event.preventDefault(); return; }
        this.setAttribute("data-submitted", "1");
        var button = this.querySelector("button[data-loading-text]");
        if (button) { button.textContent = button.getAttribute("data-loading-text"); }
        // Greyed out too, so the buyer sees the tap was taken ("place order" above all). After
        // this turn, so that the pressed button's own name and value are still sent; back after
        // 15 s in case nothing came (a download, a dead connection: the server is safe to retry).
        var form = this;
        var buttons = form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
        window.setTimeout(function () {
          buttons.forEach(function (b) { if (!b.disabled) { b.disabled = true; b.setAttribute("data-tap-disabled", "1"); } });
        }, 0);
        window.setTimeout(function () { release(form); }, 15000);
      });
      function release(form) {
        form.removeAttribute("data-submitted");
        form.querySelectorAll("[data-tap-disabled]").forEach(function (b) {
          b.disabled = false;
          b.removeAttribute("data-tap-disabled");
        });
      }
      window.addEventListener("pageshow", function () {
        document.querySelectorAll("form[data-submitted]").forEach(release);
      });
      // Small dropdowns (wishlist, account menu) and dismissible alerts.
      on("[data-toggle=dropdown]", "click", function (event) {
        event.preventDefault();
        var menu = this.parentNode.querySelector(".dropdown-menu");
        if (menu) { menu.classList.toggle("show"); }
      });
      on("[data-dismiss=alert]", "click", function (event) {
        event.preventDefault();
        this.closest(".alert").remove();
      });
      // Buttons that used inline onclick="…" in Oscar's templates (forbidden by the CSP).
      on("[data-print]", "click", function (event) { event.preventDefault(); window.print(); });
      on("[data-history-back]", "click", function (event) { event.preventDefault(); window.history.back(); });
      on("[data-slide-to]", "click", function () {
        var items = this.closest(".carousel").querySelectorAll(".carousel-item");
        items.forEach(function (item) { item.classList.remove("active"); });
        items[Number(this.getAttribute("data-slide-to"))].classList.add("active");
      });
    }
  };
  o.basket = {
    init: function () {
      on("#basket_formset a[data-behaviours~=remove]", "click", function (e) { e.preventDefault(); tickAndSubmit(this, "form", "DELETE"); });
      on("#basket_formset a[data-behaviours~=save]", "click", function (e) { e.preventDefault(); tickAndSubmit(this, "form", "save_for_later"); });
      on("#saved_basket_formset a[data-behaviours~=move]", "click", function (e) { e.preventDefault(); tickAndSubmit(this, "saved", "move_to_basket"); });
      on("#saved_basket_formset a[data-behaviours~=remove]", "click", function (e) { e.preventDefault(); tickAndSubmit(this, "saved", "DELETE"); });
      var container = document.getElementById("voucher_form_container");
      var link = document.getElementById("voucher_form_link");
      function showVoucher(show) {
        if (!container || !link) { return; }
        container.style.display = show ? "block" : "none";
        link.style.display = show ? "none" : "block";
        if (show) { var code = document.getElementById("id_code"); if (code) { code.focus(); } }
      }
      on("#voucher_form_link a", "click", function (e) { e.preventDefault(); showVoucher(true); });
      on("#voucher_form_cancel", "click", function (e) { e.preventDefault(); showVoucher(false); });
      if (window.location.hash === "#voucher" || (container && container.querySelector(".error-block, .errorlist"))) { showVoucher(true); }
    }
  };
  o.search = {
    init: function () {
      on("#id_sort_by", "change", function () { this.closest("form").submit(); });
      on(".facet_checkbox", "change", function () {
        var url = this.parentNode.querySelector(".facet_url");
        if (url) { window.location.href = url.value; }
      });
    }
  };
  o.checkout = {
    gateway: {
      init: function () {
        function sync() {
          var chosen = document.querySelector("form input[name=options]:checked");
          var password = document.getElementById("id_password");
          if (password) { password.disabled = !!chosen && (chosen.value === "anonymous" || chosen.value === "new"); }
        }
        on("form input[name=options]", "change", sync);
        sync();
      }
    }
  };
  o.notifications = {
    init: function () {
      on("a[data-behaviours~=archive], a[data-behaviours~=delete]", "click", function (e) {
        e.preventDefault();
        var action = this.getAttribute("data-behaviours").indexOf("archive") >= 0 ? "archive" : "delete";
        this.closest("tr").querySelector("input").checked = true;
        this.closest("form").querySelector("button[value=" + action + "]").click();
      });
    }
  };
  o.customer = {
    wishlists: {
      init: function () {
        on(".clipboard-item", "click", function (e) {
          e.preventDefault();
          if (navigator.clipboard) { navigator.clipboard.writeText(window.location.origin + this.getAttribute("href")); }
        });
      }
    }
  };
  o.emailPreview = {
    // The account's e-mail page shows the HTML e-mail in a frame, apart from the shop's styles.
    init: function () {
      var frame = document.getElementById("preview_box");
      if (!frame || !frame.contentWindow) { return; }
      var doc = frame.contentWindow.document;
      doc.open();
      doc.write(frame.textContent);
      doc.close();
    }
  };
  o.init = function () { o.forms.init(); };
  o.start = function () {
    o.init();
    o.basket.init();
    o.search.init();
    o.checkout.gateway.init();
    o.notifications.init();
    o.customer.wishlists.init();
    o.emailPreview.init();
  };
  return o;
})();
document.addEventListener("DOMContentLoaded", oscar.start);
