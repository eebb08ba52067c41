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

  function popupContent(name, href) {
    var link = document.createElement("a");
    link.href = href;
    link.textContent = name;
    link.className = "map__popup-link";
    return link;
  }

  function pinIcon(canvas) {
    return L.icon({
      iconUrl: canvas.dataset.iconUrl,
      iconRetinaUrl: canvas.dataset.iconRetinaUrl,
      shadowUrl: canvas.dataset.shadowUrl,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      tooltipAnchor: [16, -28],
      shadowSize: [41, 41],
    });
  }

  function searchHerePopup(map, canvas, latlng) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "map__search-here";
    button.textContent = canvas.dataset.textSearchHere;
    button.addEventListener("click", function () {
      window.location.assign(nearUrl(canvas.dataset.searchHereUrl, latlng.lat, latlng.lng));
    });
    L.popup().setLatLng(latlng).setContent(button).openOn(map);
    button.focus();
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
    this.icon = pinIcon(canvas);
    this.map = L.map(canvas, { scrollWheelZoom: false });
    this.request = null;
    L.tileLayer(canvas.dataset.tileUrl, {
      attribution: canvas.dataset.tileAttribution,
      maxZoom: 19,
    }).addTo(this.map);
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

    if (source.point && source.approximate) {
      L.circle(source.point, {
        radius: APPROXIMATE_RADIUS_M,
        color: "#1a73e8",
        weight: 1,
        dashArray: "4 4",
        fillOpacity: 0.08,
        interactive: false,
      }).addTo(this.map);
      this.map.setView(source.point, APPROXIMATE_ZOOM);
      element.dataset.markerCount = "0";
      element.dataset.approximate = "true";
      return;
    }
    if (source.point) {
      L.marker(source.point, { icon: this.icon, alt: canvas.dataset.singleName, keyboard: false })
        .bindTooltip(canvas.dataset.singleName)
        .addTo(this.map);
      this.map.setView(source.point, SINGLE_ZOOM);
      element.dataset.markerCount = "1";
      return;
    }
    this.cluster = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false });
    this.map.addLayer(this.cluster);
    this.center = parsePoint(canvas.dataset.center);
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
    var markers = (features || []).filter(drawable).map(function (feature) {
      var coordinates = feature.geometry.coordinates;
      var name = spaceName(feature.properties, self.language);
      var href = pattern.replace("__slug__", encodeURIComponent(feature.properties.slug));
      var marker = L.marker([coordinates[1], coordinates[0]], { icon: self.icon, alt: name });
      marker.slug = feature.properties.slug;
      return marker.bindPopup(popupContent(name, href));
    });
    this.cluster.clearLayers();
    this.cluster.addLayers(markers);
    this.element.dataset.markerCount = String(markers.length);
    if (first && !markers.length) {
      this.element.hidden = true; // no space here has a point: no empty map
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

  /* Called by the directory when its filters change the results without a reload. */
  Maker2Map.prototype.filter = function (search) {
    var url = new URL(this.canvas.dataset.geojsonUrl, window.location.href);
    url.search = search;
    url.searchParams.delete("page");
    this.load(url.pathname + url.search);
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

  function start() {
    if (window.L) {
      document.querySelectorAll("[data-map]").forEach(function (element) {
        var source = mapSource(element.querySelector("[data-map-canvas]"));
        if (source) {
          maps.push(new Maker2Map(element, source));
        }
      });
    }
    document.querySelectorAll("[data-near-me]").forEach(setUpNearMe);
    document.querySelectorAll("[data-near-form]").forEach(setUpNearForm);
  }

  // The directory's script announces new results with this event (detail.search is the new
  // query string, "?city=beijing…") so the pins follow the filters without a page load.
  document.addEventListener("maker2:results", function (event) {
    maps.forEach(function (map) {
      if (map.cluster) {
        map.filter(event.detail.search);
      }
    });
  });

  window.maker2Maps = maps;
  // Deferred scripts run in page order before DOMContentLoaded: waiting for it lets the
  // near-me include load this script before the map include has loaded Leaflet.
  if (document.readyState === "complete") {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
