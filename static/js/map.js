/*
 * Maps of spaces, drawn with Leaflet on every element marked `data-map` (rendered by
 * templates/spaces/includes/_map.html, which documents the data attributes), and the
 * directory's "near me" button.
 *
 * The map is an enhancement: the list of spaces beside it is the content, and every page
 * works without this script. Texts come translated from the template's data attributes.
 */
(function () {
  "use strict";

  // Each include that needs this script loads it; the first copy sets up the whole page.
  if (window.maker2Maps) {
    return;
  }

  var CHINA = [35.0, 104.0];
  var CHINA_ZOOM = 4;
  var SINGLE_ZOOM = 15;
  var CENTER_ZOOM = 11;
  // A space known only by its city: a faint area, not a pin that would claim an address.
  var APPROXIMATE_ZOOM = 10;
  var APPROXIMATE_RADIUS_M = 8000;

  /* [latitude, longitude] from "latitude,longitude"; null for anything else ("None,None"). */
  function parsePoint(text) {
    if (!text) {
      return null;
    }
    var parts = text.split(",").map(function (part) {
      return part.trim() ? Number(part) : NaN;
    });
    if (
      parts.length !== 2 ||
      !Number.isFinite(parts[0]) ||
      !Number.isFinite(parts[1]) ||
      Math.abs(parts[0]) > 90 ||
      Math.abs(parts[1]) > 180
    ) {
      return null;
    }
    return parts;
  }

  /* A GeoJSON feature the map can draw and link: a point and a slug, nothing missing. */
  function drawable(feature) {
    var geometry = feature && feature.geometry;
    var coordinates = geometry && geometry.coordinates;
    return Boolean(
      coordinates &&
        coordinates.length === 2 &&
        Number.isFinite(coordinates[0]) &&
        Number.isFinite(coordinates[1]) &&
        feature.properties &&
        feature.properties.slug
    );
  }

  /* "latitude,longitude" rounded to about 10 m, as the `near` filter takes it. */
  function pointParam(latitude, longitude) {
    return latitude.toFixed(4) + "," + longitude.toFixed(4);
  }

  /* The directory sorted by distance from a point, keeping the visitor's other filters. */
  function nearUrl(directoryUrl, latitude, longitude) {
    var url = new URL(directoryUrl, window.location.href);
    if (url.pathname === window.location.pathname) {
      new URLSearchParams(window.location.search).forEach(function (value, key) {
        if (!url.searchParams.has(key)) {
          url.searchParams.append(key, value);
        }
      });
    }
    url.searchParams.delete("page");
    url.searchParams.set("near", pointParam(latitude, longitude));
    url.searchParams.set("sort", "distance");
    return url.pathname + url.search;
  }

  function showStatus(element, text) {
    var status = element.querySelector("[data-map-status]");
    if (status) {
      status.textContent = text;
      status.hidden = !text;
    }
  }

  function spaceName(properties, language) {
    var chinese = language.indexOf("zh") === 0;
    var first = chinese ? properties.name_zh : properties.name_en;
    return first || properties.name_en || properties.name_zh || properties.slug;
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    made.className = className;
    if (text) {
      made.textContent = text;
    }
    return made;
  }

  /* Digits without trailing zeros: 6.140 -> "6.14", 40 -> "40" (as the site's money filter). */
  function trimmed(value, places) {
    return String(Number(value.toFixed(places)));
  }

  /* A price in the page's language, as the cards write it: "¥1,200" / "1200元", "1.2万元". */
  function money(amount, chinese) {
    if (chinese) {
      if (amount >= 1e8) {
        return trimmed(amount / 1e8, 2) + "亿元";
      }
      if (amount >= 1e4) {
        return trimmed(amount / 1e4, 2) + "万元";
      }
      return trimmed(amount, 2) + "元";
    }
    if (amount >= 1e6) {
      return "¥" + trimmed(amount / 1e6, 1) + " million";
    }
    var whole = amount === Math.round(amount);
    return (
      "¥" +
      amount.toLocaleString("en", {
        minimumFractionDigits: whole ? 0 : 2,
        maximumFractionDigits: whole ? 0 : 2,
      })
    );
  }

  /* A popup's content, built as elements (names are data, never markup): the first photo or
     the kind's emblem, the name linked to the page, kind, price from and open now. */
  function popupContent(canvas, properties, name, href, chinese) {
    var data = canvas.dataset;
    var kind = properties.kind;
    var box = element("div", "map-popup");
    var image = element("img", "map-popup__image");
    image.alt = "";
    image.width = 240;
    image.height = 120;
    image.decoding = "async";
    if (properties.thumbnail_url) {
      image.src = properties.thumbnail_url;
    } else {
      image.src = canvas.getAttribute("data-emblem-" + kind) || data.emblemDefault;
      image.className += " map-popup__image--emblem map-popup__image--" + kind;
    }
    box.appendChild(image);
    var link = element("a", "map-popup__name map__popup-link", name);
    link.href = href;
    box.appendChild(element("p", "map-popup__title")).appendChild(link);
    var kindLabel = canvas.getAttribute("data-kind-" + kind);
    if (kindLabel) {
      box.appendChild(element("p", "map-popup__kind", kindLabel));
    }
    var price = properties.price_from === null ? NaN : Number(properties.price_from);
    if (Number.isFinite(price)) {
      var priceText = data.textPriceFrom.replace("{price}", money(price, chinese));
      box.appendChild(element("p", "map-popup__price", priceText));
    }
    if (properties.open_now === true || properties.open_now === false) {
      var open = properties.open_now;
      box.appendChild(
        element(
          "p",
          "map-popup__hours badge " + (open ? "badge--open" : "badge--closed"),
          open ? data.textOpenNow : data.textClosedNow
        )
      );
    }
    return box;
  }

  /* A cluster's icon: its count, named for screen readers ("12 spaces, zoom in"). */
  function clusterIcon(canvas) {
    return function (cluster) {
      var count = cluster.getChildCount();
      var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
      var inner = document.createElement("div");
      var number = element("span", "", String(count));
      number.setAttribute("aria-hidden", "true");
      inner.appendChild(number);
      var label = (canvas.dataset.textCluster || "{count}").replace("{count}", String(count));
      inner.appendChild(element("span", "visually-hidden", label));
      inner.title = label;
      return L.divIcon({
        html: inner,
        className: "marker-cluster marker-cluster-" + size,
        iconSize: L.point(40, 40),
      });
    };
  }

  function pinIcon(canvas, className) {
    return L.icon({
      className: className,
      iconUrl: canvas.dataset.iconUrl,
      iconRetinaUrl: canvas.dataset.iconRetinaUrl,
      // No shadow image (Leaflet ships it at one density only): map.css draws the shadow.
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      tooltipAnchor: [16, -28],
    });
  }

  function searchHerePopup(map, canvas, latlng) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "map__search-here";
    button.textContent = canvas.dataset.textSearchHere;
    // The point clicked is in the tiles' datum; the directory measures in WGS-84.
    var point = canvas.dataset.tileCoordinates === "gcj02"
      ? window.maker2Gcj02.toWgs84(latlng.lat, latlng.lng)
      : [latlng.lat, latlng.lng];
    button.addEventListener("click", function () {
      window.location.assign(nearUrl(canvas.dataset.searchHereUrl, point[0], point[1]));
    });
    L.popup().setLatLng(latlng).setContent(button).openOn(map);
    button.focus();
  }

  /* The GeoJSON URL with the directory's new filters (every page of them). */
  function filteredUrl(geojsonUrl, search) {
    var url = new URL(geojsonUrl, window.location.href);
    url.search = search;
    url.searchParams.delete("page");
    return url.pathname + url.search;
  }

  /* What an element asks to draw: one point, or the pins at a URL; null when it names
     neither (then the map stays hidden rather than fetching or centring on nothing). */
  function mapSource(canvas) {
    if ("singlePoint" in canvas.dataset) {
      var point = parsePoint(canvas.dataset.singlePoint);
      return point ? { point: point, approximate: "approximate" in canvas.dataset } : null;
    }
    return canvas.dataset.geojsonUrl ? { url: canvas.dataset.geojsonUrl } : null;
  }

  function Maker2Map(element, source) {
    var canvas = element.querySelector("[data-map-canvas]");
    element.hidden = false; // Leaflet measures the container, so it must be shown first.
    this.element = element;
    this.canvas = canvas;
    this.language = canvas.dataset.language || document.documentElement.lang || "en";
    this.chinese = this.language.indexOf("zh") === 0;
    this.icon = pinIcon(canvas, "map__pin");
    this.activeIcon = pinIcon(canvas, "map__pin map__pin--active");
    // Points are stored in WGS-84; tiles in GCJ-02 need every drawn point shifted to match.
    this.project = canvas.dataset.tileCoordinates === "gcj02"
      ? function (point) { return window.maker2Gcj02.fromWgs84(point[0], point[1]); }
      : function (point) { return point; };
    this.map = L.map(canvas, { scrollWheelZoom: false, zoomControl: false });
    this.request = null;
    this.markers = {};
    this.highlighted = null;
    // Leaflet's own control, with its titles (and so aria-labels) in the page's language.
    L.control
      .zoom({ zoomInTitle: canvas.dataset.textZoomIn, zoomOutTitle: canvas.dataset.textZoomOut })
      .addTo(this.map);
    L.tileLayer(canvas.dataset.tileUrl, {
      attribution: canvas.dataset.tileAttribution,
      maxZoom: 19,
      // Sharp on high-density screens: tiles of the next zoom level, drawn at half size.
      detectRetina: true,
    }).addTo(this.map);
    // No "Leaflet" prefix: the credit line is the tile provider's, in the setting's words.
    this.map.attributionControl.setPrefix(false);
    // Wheel zoom only once the visitor has engaged with the map, so scrolling the page
    // past it does not zoom it by accident.
    this.map.once("focus click", function () {
      this.map.scrollWheelZoom.enable();
    }, this);
    if (canvas.dataset.searchHereUrl) {
      this.map.on("click", function (event) {
        searchHerePopup(this.map, canvas, event.latlng);
      }, this);
    }

    var point = source.point && this.project(source.point);
    if (point && source.approximate) {
      L.circle(point, {
        radius: APPROXIMATE_RADIUS_M,
        color: "#1a73e8",
        weight: 1,
        dashArray: "4 4",
        fillOpacity: 0.08,
        interactive: false,
      }).addTo(this.map);
      this.map.setView(point, APPROXIMATE_ZOOM);
      element.dataset.markerCount = "0";
      element.dataset.approximate = "true";
      return;
    }
    if (point) {
      this.single = L.marker(point, {
        icon: this.icon,
        alt: canvas.dataset.singleName,
        keyboard: false,
      })
        .bindTooltip(canvas.dataset.singleName)
        .addTo(this.map);
      this.map.setView(point, SINGLE_ZOOM);
      element.dataset.markerCount = "1";
      return;
    }
    this.cluster = L.markerClusterGroup({
      chunkedLoading: true,
      showCoverageOnHover: false,
      iconCreateFunction: clusterIcon(canvas),
    });
    this.map.addLayer(this.cluster);
    // A highlighted card's pin may be folded into another cluster as the map zooms.
    this.map.on("zoomend", function () {
      if (this.highlighted) {
        this.highlight(this.highlighted.slug);
      }
    }, this);
    this.center = parsePoint(canvas.dataset.center);
    this.center = this.center && this.project(this.center);
    this.zoom = Number(canvas.dataset.zoom) || CENTER_ZOOM;
    this.map.setView(this.center || CHINA, this.center ? this.zoom : CHINA_ZOOM);
    // Until some space has a point, the map stays out of the way: the list is the content.
    this.loaded = false;
    this.load(source.url);
  }

  /* Fetches the spaces as GeoJSON and replaces the pins; a newer load cancels an older one. */
  Maker2Map.prototype.load = function (geojsonUrl) {
    var self = this;
    if (this.request) {
      this.request.abort();
    }
    var request = new AbortController();
    this.request = request;
    this.canvas.dataset.geojsonUrl = geojsonUrl;
    this.element.setAttribute("aria-busy", "true");
    var headers = { Accept: "application/geo+json, application/json" };
    fetch(geojsonUrl, { headers: headers, signal: request.signal })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("GeoJSON answered " + response.status);
        }
        return response.json();
      })
      .then(function (collection) {
        self.show(collection.features);
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          showStatus(self.element, self.canvas.dataset.textError);
        }
      })
      .finally(function () {
        if (self.request === request) {
          self.request = null;
          self.element.removeAttribute("aria-busy");
        }
      });
  };

  Maker2Map.prototype.show = function (features) {
    var self = this;
    var pattern = this.canvas.dataset.spaceUrl;
    var first = !this.loaded;
    this.loaded = true;
    this.unhighlight();
    this.markers = {};
    var markers = (features || []).filter(drawable).map(function (feature) {
      var coordinates = feature.geometry.coordinates;
      var properties = feature.properties;
      var name = spaceName(properties, self.language);
      var href = pattern.replace("__slug__", encodeURIComponent(properties.slug));
      var point = self.project([coordinates[1], coordinates[0]]);
      var marker = L.marker(point, { icon: self.icon, alt: name });
      marker.slug = properties.slug;
      self.markers[properties.slug] = marker;
      // Built when first opened: thousands of pins, a few popups.
      return marker.bindPopup(function () {
        return popupContent(self.canvas, properties, name, href, self.chinese);
      }, { minWidth: 200, maxWidth: 260 });
    });
    this.cluster.clearLayers();
    this.cluster.addLayers(markers);
    this.element.dataset.markerCount = String(markers.length);
    // No space here has a point: no empty map, unless the visitor asked for it (its button).
    if (first && !markers.length && !("mapOpen" in this.element.dataset)) {
      this.element.hidden = true;
      return;
    }
    if (this.element.hidden) {
      this.element.hidden = false; // pins for new filters, after an empty first load
      this.map.invalidateSize();
    }
    showStatus(this.element, markers.length ? "" : this.canvas.dataset.textEmpty);
    if (markers.length && !this.center) {
      this.map.fitBounds(this.cluster.getBounds(), { padding: [24, 24], maxZoom: SINGLE_ZOOM });
    }
  };

  /* Marks the pin of the space a card shows (the card under the pointer or the focus): a
     pin of its own raised and recoloured, or the cluster that holds it outlined. */
  Maker2Map.prototype.highlight = function (slug) {
    this.unhighlight();
    var marker = this.markers[slug];
    if (!marker || !this.cluster) {
      return;
    }
    var shown = this.cluster.getVisibleParent(marker);
    this.highlighted = { slug: slug, marker: marker, shown: shown };
    this.element.dataset.highlighted = slug;
    if (shown === marker) {
      marker.setIcon(this.activeIcon);
      marker.setZIndexOffset(1000);
    } else if (shown && shown.getElement()) {
      shown.getElement().classList.add("map__cluster--active");
      shown.setZIndexOffset(1000);
    }
  };

  Maker2Map.prototype.unhighlight = function () {
    var highlighted = this.highlighted;
    if (!highlighted) {
      return;
    }
    this.highlighted = null;
    delete this.element.dataset.highlighted;
    highlighted.marker.setIcon(this.icon);
    highlighted.marker.setZIndexOffset(0);
    var shown = highlighted.shown;
    if (shown && shown !== highlighted.marker) {
      if (shown.getElement()) {
        shown.getElement().classList.remove("map__cluster--active");
      }
      shown.setZIndexOffset(0);
    }
  };

  function setUpNearMe(button) {
    var status = document.getElementById(button.getAttribute("aria-describedby"));
    if (!("geolocation" in navigator)) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = button.dataset.textLocating;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var coords = position.coords;
          window.location.assign(
            nearUrl(button.dataset.directoryUrl, coords.latitude, coords.longitude)
          );
        },
        function () {
          button.disabled = false;
          status.textContent = button.dataset.textDenied;
        },
        { timeout: 15000, maximumAge: 600000 }
      );
    });
  }

  function setUpNearForm(form) {
    // Keeps the visitor's other filters, which the form itself does not carry.
    form.addEventListener("submit", function (event) {
      var point = parsePoint(form.elements.near.value);
      if (point) {
        event.preventDefault();
        window.location.assign(nearUrl(form.action, point[0], point[1]));
      }
    });
  }

  var maps = [];
  // Phones (as map.css): a map of many spaces waits behind its "Show the map" button.
  var WIDE = window.matchMedia("(min-width: 48em)");
  // How near the viewport a map may come before Leaflet is fetched for it.
  var NEAR = "400px 0px";
  var loading = {};

  /* Loads a script once (every map of the page shares it); resolves when it has run. */
  function loadScript(url) {
    if (!loading[url]) {
      loading[url] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.async = false; // run in the order asked: Leaflet before its plugins
        script.onload = resolve;
        script.onerror = function () {
          delete loading[url];
          reject(new Error("Could not load " + url));
        };
        document.head.appendChild(script);
      });
    }
    return loading[url];
  }

  /* Draws the map once: its scripts first (data-scripts, in order), then Leaflet's map. */
  function build(element) {
    if (element.maker2Map) {
      return element.maker2Map;
    }
    var urls = (element.dataset.scripts || "").split(" ").filter(Boolean);
    element.setAttribute("aria-busy", "true");
    element.maker2Map = Promise.all(urls.map(loadScript))
      .then(function () {
        element.removeAttribute("aria-busy"); // the map's own loading takes over
        var source = mapSource(element.querySelector("[data-map-canvas]"));
        var map = new Maker2Map(element, source);
        maps.push(map);
        return map;
      })
      .catch(function () {
        element.maker2Map = null; // a later visit may try again
        element.removeAttribute("aria-busy");
        showStatus(element, element.querySelector("[data-map-canvas]").dataset.textError);
      });
    return element.maker2Map;
  }

  /* Builds the map when it comes near the viewport (at once where there is no observer). */
  function buildWhenNear(element) {
    if (!("IntersectionObserver" in window)) {
      build(element);
      return;
    }
    var observer = new IntersectionObserver(
      function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) {
          observer.disconnect();
          build(element);
        }
      },
      { rootMargin: NEAR }
    );
    observer.observe(element);
  }

  /* On phones the list comes first: the map opens (and is drawn) from its button. */
  function setUpToggle(element, button) {
    button.addEventListener("click", function () {
      var open = !("mapOpen" in element.dataset);
      if (open) {
        element.dataset.mapOpen = "";
      } else {
        delete element.dataset.mapOpen;
      }
      button.setAttribute("aria-expanded", String(open));
      button.textContent = open ? button.dataset.textHide : button.dataset.textShow;
      if (open) {
        Promise.resolve(build(element)).then(function (map) {
          if (map) {
            map.map.invalidateSize(); // it was measured, if at all, while folded away
          }
        });
      }
    });
  }

  function setUpMap(element) {
    if (!mapSource(element.querySelector("[data-map-canvas]"))) {
      return;
    }
    var button = element.querySelector("[data-map-toggle]");
    if (button) {
      setUpToggle(element, button);
    }
    if (!button || WIDE.matches) {
      buildWhenNear(element);
    } else {
      // Turned or widened to a wide screen, the map shows without its button: draw it then.
      WIDE.addEventListener("change", function widened(event) {
        if (event.matches) {
          WIDE.removeEventListener("change", widened);
          buildWhenNear(element);
        }
      });
    }
  }

  function start() {
    document.querySelectorAll("[data-map]").forEach(setUpMap);
    document.querySelectorAll("[data-near-me]").forEach(setUpNearMe);
    document.querySelectorAll("[data-near-form]").forEach(setUpNearForm);
    linkCards();
  }

  /* Cards and pins linked: pointing at or focusing a card (a space card carries the slug in
     data-space-slug) highlights its pin; leaving it restores the pin. Listening on the
     document keeps it working when the directory swaps in new results. */
  function linkCards() {
    function cardOf(event) {
      return event.target.closest ? event.target.closest("[data-space-slug]") : null;
    }
    function enter(event) {
      var card = cardOf(event);
      var from = event.relatedTarget && event.relatedTarget.closest
        ? event.relatedTarget.closest("[data-space-slug]")
        : null;
      if (card && card !== from) {
        maps.forEach(function (map) {
          if (map.cluster) {
            map.highlight(card.dataset.spaceSlug);
          }
        });
      }
    }
    function leave(event) {
      var card = cardOf(event);
      var to = event.relatedTarget && event.relatedTarget.closest
        ? event.relatedTarget.closest("[data-space-slug]")
        : null;
      if (card && card !== to) {
        maps.forEach(function (map) {
          if (map.highlighted && map.highlighted.slug === card.dataset.spaceSlug) {
            map.unhighlight();
          }
        });
      }
    }
    document.addEventListener("mouseover", enter);
    document.addEventListener("focusin", enter);
    document.addEventListener("mouseout", leave);
    document.addEventListener("focusout", leave);
  }

  // The directory's script announces new results with this event (detail.search is the new
  // query string, "?city=beijing…") so the pins follow the filters without a page load; a map
  // not drawn yet will fetch the new filters' pins when it is.
  document.addEventListener("maker2:results", function (event) {
    document.querySelectorAll("[data-map] [data-geojson-url]").forEach(function (canvas) {
      var url = filteredUrl(canvas.dataset.geojsonUrl, event.detail.search);
      var map = maps.filter(function (drawn) { return drawn.canvas === canvas; })[0];
      if (map) {
        map.load(url);
      } else {
        canvas.dataset.geojsonUrl = url;
      }
    });
  });

  window.maker2Maps = maps;
  // Deferred scripts run in page order before DOMContentLoaded: waiting for it lets a
  // near-me include that comes before the map include load this script first.
  if (document.readyState === "complete") {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
