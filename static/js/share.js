/* The "Share" control (templates/includes/_share.html). Without this script it is a mailto:
   link. With it, it is a button: the device's share sheet where the browser has one (Web Share
   API), else the link is copied to the clipboard and the status beside it says so. */
(function () {
  "use strict";

  var STATUS_SHOWN_MS = 4000;

  // The address to share: the page's canonical URL, or for the directory the address bar's
  // (its filters change it in place), without any #fragment.
  function urlOf(control) {
    if (control.hasAttribute("data-share-live")) {
      return window.location.href.split("#")[0];
    }
    return control.getAttribute("data-share-url");
  }

  // Older browsers and pages not served over HTTPS have no navigator.clipboard: a selected,
  // off-screen textarea and execCommand("copy") still work there.
  function copyWithSelection(text) {
    var focused = document.activeElement;
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.className = "share__copy-field";
    document.body.appendChild(field);
    field.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    field.remove();
    if (focused) {
      focused.focus();
    }
    return copied;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        if (!copyWithSelection(text)) {
          throw new Error("copy refused");
        }
      });
    }
    return copyWithSelection(text) ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function Share(control) {
    this.control = control;
    this.status = control.querySelector("[data-share-status]");
    this.timer = null;
    var link = control.querySelector("[data-share-button]");
    // A button of the same look takes the link's place, so nothing moves.
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.textContent = link.textContent;
    button.setAttribute("data-share-button", "");
    link.replaceWith(button);
    this.button = button;
  }

  Share.prototype.say = function (text) {
    var status = this.status;
    window.clearTimeout(this.timer);
    status.textContent = text;
    this.timer = window.setTimeout(function () {
      status.textContent = "";
    }, STATUS_SHOWN_MS);
  };

  Share.prototype.copy = function (url) {
    var self = this;
    var control = this.control;
    copy(url).then(
      function () {
        self.say(control.getAttribute("data-text-copied"));
      },
      function () {
        // Nothing could copy: show the address so that it can be copied by hand.
        window.clearTimeout(self.timer);
        self.status.textContent = control.getAttribute("data-text-copy-failed") + " " + url;
      }
    );
  };

  Share.prototype.share = function () {
    var self = this;
    var url = urlOf(this.control);
    var data = { title: this.control.getAttribute("data-share-title"), url: url };
    if (navigator.share && (!navigator.canShare || navigator.canShare(data))) {
      navigator.share(data).catch(function (error) {
        if (error.name !== "AbortError") {
          self.copy(url); // the visitor closing the share sheet is not a failure
        }
      });
    } else {
      this.copy(url);
    }
  };

  function start() {
    document.querySelectorAll("[data-share]:not([data-share-ready])").forEach(function (control) {
      control.setAttribute("data-share-ready", "");
      var share = new Share(control);
      share.button.addEventListener("click", function () {
        share.share();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
