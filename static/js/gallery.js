/* The space page's photo lightbox (templates/spaces/includes/_gallery.html). Without this
   script every photo and thumbnail is a link to the large image. With it, the links open the
   gallery's <dialog> as a modal: the large image with its caption and a "2 / 5" counter,
   previous and next by the on-screen buttons, the arrow keys or a swipe; Escape, the close
   button or a click beside the photo close it, and the focus goes back to the link that
   opened it. */
(function () {
  "use strict";

  var SWIPE_MIN_PX = 40; // a shorter horizontal move is a tap or a wobble, not a swipe

  function Lightbox(gallery) {
    var dialog = gallery.querySelector("[data-lightbox]");
    this.dialog = dialog;
    this.stage = dialog.querySelector("[data-lightbox-stage]");
    this.caption = dialog.querySelector("[data-lightbox-caption]");
    this.counter = dialog.querySelector("[data-lightbox-counter]");
    this.image = document.createElement("img");
    this.image.className = "lightbox__image";
    this.image.alt = "";
    this.image.decoding = "async";
    this.stage.insertBefore(this.image, this.caption);
    this.photos = Array.prototype.map.call(
      gallery.querySelectorAll("[data-gallery-photo]"),
      function (link) {
        var figure = link.closest("figure");
        var caption = figure && figure.querySelector("figcaption");
        var image = link.querySelector("img");
        return {
          url: link.getAttribute("href"),
          width: link.getAttribute("data-width"),
          height: link.getAttribute("data-height"),
          alt: image ? image.getAttribute("alt") : "",
          caption: caption ? caption.textContent.trim() : "",
        };
      }
    );
    this.index = 0;
    this.opener = null;
    this.swipe = null; // where the pointer went down, while it is down
    this.swiped = false; // the click that follows a swipe is not a click beside the photo
  }

  Lightbox.prototype.show = function (index) {
    var count = this.photos.length;
    this.index = (index + count) % count; // the last photo is followed by the first
    var photo = this.photos[this.index];
    this.image.width = photo.width;
    this.image.height = photo.height;
    this.image.src = photo.url;
    this.image.alt = photo.alt;
    this.caption.textContent = photo.caption;
    this.caption.hidden = !photo.caption;
    this.counter.textContent = this.dialog
      .getAttribute("data-text-counter")
      .replace("{current}", String(this.index + 1))
      .replace("{total}", String(count));
    this.dialog.classList.toggle("lightbox--single", count < 2);
  };

  Lightbox.prototype.open = function (index, opener) {
    this.opener = opener;
    this.show(index);
    if (!this.dialog.open) {
      this.dialog.showModal();
    }
    var first = this.photos.length > 1 ? "[data-lightbox-next]" : "[data-lightbox-close]";
    this.dialog.querySelector(first).focus();
  };

  Lightbox.prototype.close = function () {
    if (this.dialog.open) {
      this.dialog.close();
    }
  };

  // The dialog's buttons that can take the focus, in order, for keeping Tab inside it.
  Lightbox.prototype.focusable = function () {
    return Array.prototype.filter.call(this.dialog.querySelectorAll("button"), function (button) {
      return !button.disabled && button.offsetParent !== null;
    });
  };

  Lightbox.prototype.onKey = function (event) {
    if (event.key === "ArrowLeft") {
      event.preventDefault();
      this.show(this.index - 1);
    } else if (event.key === "ArrowRight") {
      event.preventDefault();
      this.show(this.index + 1);
    } else if (event.key === "Tab") {
      var buttons = this.focusable();
      var first = buttons[0];
      var last = buttons[buttons.length - 1];
      var inside = this.dialog.contains(document.activeElement);
      if (event.shiftKey && (document.activeElement === first || !inside)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
        event.preventDefault();
        first.focus();
      }
    }
  };

  Lightbox.prototype.start = function (gallery) {
    var self = this;
    var dialog = this.dialog;

    gallery.addEventListener("click", function (event) {
      var link = event.target.closest("[data-gallery-photo], [data-gallery-thumb]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
        return; // a modified click still opens the image in a new tab or window
      }
      event.preventDefault();
      var index = link.getAttribute("data-gallery-photo") || link.getAttribute("data-gallery-thumb");
      self.open(Number(index), link);
    });
    // Links open on Enter already; Space opens them too, as it would a button.
    gallery.addEventListener("keydown", function (event) {
      var link = event.target.closest("[data-gallery-photo], [data-gallery-thumb]");
      if (link && event.key === " ") {
        event.preventDefault();
        link.click();
      }
    });

    dialog.addEventListener("keydown", function (event) {
      self.onKey(event);
    });
    dialog.querySelector("[data-lightbox-prev]").addEventListener("click", function () {
      self.show(self.index - 1);
    });
    dialog.querySelector("[data-lightbox-next]").addEventListener("click", function () {
      self.show(self.index + 1);
    });
    dialog.querySelector("[data-lightbox-close]").addEventListener("click", function () {
      self.close();
    });
    // A click beside the photo (on the dark stage or the backdrop) closes; the click that
    // ends a swipe does not.
    dialog.addEventListener("click", function (event) {
      var swiped = self.swiped;
      self.swiped = false;
      if (!swiped && (event.target === dialog || event.target === self.stage)) {
        self.close();
      }
    });
    // Escape closes a modal dialog natively; either way the focus goes back to the opener.
    dialog.addEventListener("close", function () {
      if (self.opener) {
        self.opener.focus();
        self.opener = null;
      }
    });

    // Swipes, from touch, pen or mouse: the horizontal distance between down and up.
    this.stage.addEventListener("pointerdown", function (event) {
      self.swipe = { x: event.clientX, y: event.clientY, id: event.pointerId };
      self.swiped = false;
    });
    this.stage.addEventListener("pointerup", function (event) {
      var swipe = self.swipe;
      self.swipe = null;
      if (!swipe || swipe.id !== event.pointerId) {
        return;
      }
      var dx = event.clientX - swipe.x;
      var dy = event.clientY - swipe.y;
      if (Math.abs(dx) >= SWIPE_MIN_PX && Math.abs(dx) > Math.abs(dy)) {
        self.swiped = true;
        self.show(self.index + (dx < 0 ? 1 : -1));
      }
    });
    this.stage.addEventListener("pointercancel", function () {
      self.swipe = null;
    });
  };

  function start() {
    document.querySelectorAll("[data-gallery]").forEach(function (gallery) {
      var dialog = gallery.querySelector("[data-lightbox]");
      if (dialog && typeof dialog.showModal === "function") {
        new Lightbox(gallery).start(gallery);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
