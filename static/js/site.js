/* Progressive enhancement for Maker2's pages. Every page works without this script:
   the directory's filters are a plain GET form and its pages plain links. With it, the
   directory updates in place: it fetches the same URL with the header "X-Fragment: results",
   swaps the results and records the URL in the history, so links stay shareable. */
(function () {
  "use strict";

  var FRAGMENT_HEADER = "X-Fragment";
  var WIDE = window.matchMedia("(min-width: 56em)");

  // Elements only needed without JavaScript (e.g. the "Sort" button beside the select).
  function hideNoScriptControls(root) {
    root.querySelectorAll("[data-js-hide]").forEach(function (element) {
      element.hidden = true;
    });
  }

  // The filter panel comes closed, and wide screens show its content anyway (site.css), so
  // nothing moves as the page loads. There it is then marked open, as it looks, which hands
  // its summary the folding back (the "ready" mark ends the CSS override).
  function openFiltersOnWideScreens() {
    var panel = document.querySelector("[data-filters]");
    if (panel && WIDE.matches) {
      panel.open = true;
    }
    if (panel) {
      panel.setAttribute("data-filters-ready", "");
    }
  }

  // The header's search on phones (a <details>): opening it puts the cursor in its box, and
  // Escape folds it again with the focus back on its button.
  function enhancePhoneSearch() {
    var panel = document.querySelector("[data-phone-search]");
    if (!panel) {
      return;
    }
    var input = panel.querySelector("input[type=search]");
    panel.addEventListener("toggle", function () {
      if (panel.open) {
        input.focus();
      }
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && panel.open) {
        panel.open = false;
        panel.querySelector("summary").focus();
      }
    });
  }

  // The form's values as a query string, leaving out empty fields for short, clean URLs.
  function queryOf(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") {
        params.append(name, value);
      }
    });
    var query = params.toString();
    return query ? "?" + query : "";
  }

  function Directory(form, results) {
    this.form = form;
    this.results = results;
    this.status = document.querySelector("[data-results-status]");
    this.pending = null;
    this.timer = null;
    this.shown = window.location.search; // the query string whose results are on screen
  }

  Directory.prototype.load = function (url, push) {
    var self = this;
    if (this.pending) {
      this.pending.abort();
    }
    var controller = new AbortController();
    this.pending = controller;
    this.results.setAttribute("aria-busy", "true");
    var headers = {};
    headers[FRAGMENT_HEADER] = "results";
    fetch(url, { headers: headers, signal: controller.signal, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        self.results.innerHTML = html;
        self.shown = new URL(url, window.location.href).search;
        self.results.removeAttribute("aria-busy");
        hideNoScriptControls(self.results);
        if (push) {
          window.history.pushState({ directory: true }, "", url);
        }
        var count = self.results.querySelector(".results__count");
        if (self.status && count) {
          self.status.textContent = count.textContent.trim();
        }
        document.dispatchEvent(
          new CustomEvent("maker2:results", { detail: { search: new URL(url, window.location.href).search } })
        );
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          window.location.assign(url); // let the server render the whole page instead
        }
      });
  };

  Directory.prototype.submit = function () {
    this.load(this.form.action + queryOf(this.form), true);
  };

  Directory.prototype.start = function () {
    var self = this;
    var form = this.form;

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.submit();
    });

    // Controls may sit outside the form (the sort select uses form="filters"), so listen on
    // the document and keep the changes that belong to this form.
    document.addEventListener("change", function (event) {
      if (event.target.form === form) {
        window.clearTimeout(self.timer);
        self.submit();
      }
    });
    document.addEventListener("input", function (event) {
      var target = event.target;
      if (target.form === form && (target.type === "search" || target.type === "number")) {
        window.clearTimeout(self.timer);
        self.timer = window.setTimeout(function () {
          self.submit();
        }, 400);
      }
    });

    // Page links inside the results load in place too, and bring the results into view.
    this.results.addEventListener("click", function (event) {
      var link = event.target.closest(".pagination a");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
        return;
      }
      event.preventDefault();
      self.load(link.href, true);
      self.results.scrollIntoView({ block: "start" });
    });

    // Back and forward: the form must show that URL's filters too, so the page reloads
    // (unless only the #fragment changed, as with the skip link).
    window.addEventListener("popstate", function () {
      if (window.location.search !== self.shown) {
        window.location.reload();
      }
    });
  };

  // A form that came back with errors starts with its summary (includes/_form_errors.html),
  // which should have the focus. Its autofocus is not enough: Chromium skips autofocus when
  // the URL has a #fragment, as the tour request form's has (#visit), and then clears the
  // focus when it goes to the fragment. So the summary is focused here, and focused again
  // if the focus is taken away before the visitor does anything (a blur to nowhere).
  function focusErrorSummary() {
    var summary = document.querySelector(".form__summary");
    if (!summary) {
      return;
    }
    function keep(event) {
      if (event.relatedTarget === null) {
        summary.focus();
      }
    }
    function stop() {
      summary.removeEventListener("blur", keep);
      document.removeEventListener("pointerdown", stop, true);
      document.removeEventListener("keydown", stop, true);
    }
    summary.focus();
    summary.addEventListener("blur", keep);
    document.addEventListener("pointerdown", stop, true);
    document.addEventListener("keydown", stop, true);
    window.addEventListener("load", function () {
      window.setTimeout(stop, 1000);
    });
  }

  function start() {
    focusErrorSummary();
    hideNoScriptControls(document);
    openFiltersOnWideScreens();
    enhancePhoneSearch();
    var form = document.querySelector("[data-filter-form]");
    var results = document.querySelector("[data-results]");
    if (form && results && window.fetch && window.history.pushState) {
      new Directory(form, results).start();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
