/*
 * Location pickers (spaces.widgets.LocationPickerWidget, templates/spaces/widgets/
 * location_picker.html): a Leaflet map beside a latitude and a longitude input. Clicking the
 * map or dragging the pin writes the inputs; typing into them moves the pin. From the
 * keyboard the map pans with the arrow keys and Enter puts the pin at its centre.
 *
 * An enhancement only: without this script the two number inputs work as they are. Texts
 * come translated from the template's data attributes. Used on the site and in admin.
 */
(function () {
  "use strict";

  if (window.maker2LocationPickers) {
    return;
  }
  window.maker2LocationPickers = true;

  var WORLD_VIEW = { center: [35.0, 104.0], zoom: 4 }; // China, where most spaces are
  var CITY_ZOOM = 12;
  var PIN_ZOOM = 16;
  var DECIMALS = 6; // as the model stores them, about 10 cm

  function parsePoint(text) {
    if (!text) {
      return null;
    }
    var parts = text.split(",").map(Number);
    if (parts.length !== 2 || parts.some(isNaN)) {
      return null;
    }
    return L.latLng(parts[0], parts[1]);
  }

  /* The point typed into the inputs, or null while either is empty or out of range. */
  function typedPoint(latitude, longitude) {
    if (latitude.value.trim() === "" || longitude.value.trim() === "") {
      return null;
    }
    var lat = Number(latitude.value.replace(",", "."));
    var lng = Number(longitude.value.replace(",", "."));
    if (isNaN(lat) || isNaN(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
      return null;
    }
    return L.latLng(lat, lng);
  }

  /* Points are stored in WGS-84; on GCJ-02 tiles (MAP_TILE_COORDINATES) a stored point is
     shifted to be drawn, and a point picked on the map shifted back before it is written. */
  function datum(element) {
    var gcj02 = element.dataset.tileCoordinates === "gcj02" && window.maker2Gcj02;
    return {
      toTiles: function (point) {
        return gcj02 ? L.latLng(gcj02.fromWgs84(point.lat, point.lng)) : point;
      },
      fromTiles: function (point) {
        return gcj02 ? L.latLng(gcj02.toWgs84(point.lat, point.lng)) : point;
      },
    };
  }

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, key) {
      return values[key];
    });
  }

  function LocationPicker(element) {
    var data = element.dataset;
    this.element = element;
    this.latitude = document.getElementById(data.latitudeInput);
    this.longitude = document.getElementById(data.longitudeInput);
    this.city = data.cityInput ? document.getElementById(data.cityInput) : null;
    this.status = element.querySelector("[data-location-status]");
    if (!this.latitude || !this.longitude) {
      return;
    }
    this.datum = datum(element);
    element.hidden = false; // Leaflet measures its container: show it first.
    var canvas = element.querySelector("[data-location-canvas]");
    this.map = L.map(canvas, { scrollWheelZoom: false, keyboard: true, zoomControl: false });
    L.control
      .zoom({ zoomInTitle: data.textZoomIn, zoomOutTitle: data.textZoomOut })
      .addTo(this.map);
    L.tileLayer(data.tileUrl, { attribution: data.tileAttribution, maxZoom: 19 }).addTo(
      this.map
    );
    this.map.attributionControl.setPrefix(false);
    this.map.once("focus click", function () {
      this.map.scrollWheelZoom.enable();
    }, this);
    this.icon = L.icon({
      iconUrl: data.iconUrl,
      iconRetinaUrl: data.iconRetinaUrl,
      shadowUrl: data.shadowUrl,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      shadowSize: [41, 41],
    });
    this.marker = null;

    this.map.on("click", function (event) {
      this.place(event.latlng, true);
    }, this);
    canvas.addEventListener("keydown", this.onKey.bind(this));
    this.showCentreOnKeys(canvas);
    element.querySelector("[data-location-center]").addEventListener(
      "click",
      function () {
        this.place(this.map.getCenter(), false);
      }.bind(this)
    );
    element.querySelector("[data-location-clear]").addEventListener(
      "click",
      this.clear.bind(this)
    );
    ["input", "change"].forEach(function (type) {
      this.latitude.addEventListener(type, this.follow.bind(this));
      this.longitude.addEventListener(type, this.follow.bind(this));
    }, this);
    if (this.city) {
      this.city.addEventListener("change", this.centreOnCity.bind(this));
    }
    this.start(parsePoint(data.center));
  }

  LocationPicker.prototype.start = function (center) {
    var point = typedPoint(this.latitude, this.longitude);
    if (point) {
      point = this.datum.toTiles(point);
      this.showPin(point);
      this.map.setView(point, PIN_ZOOM);
    } else if (this.cityPoint()) {
      this.map.setView(this.cityPoint(), CITY_ZOOM);
    } else if (center) {
      this.map.setView(this.datum.toTiles(center), CITY_ZOOM);
    } else {
      this.map.setView(WORLD_VIEW.center, WORLD_VIEW.zoom);
    }
  };

  LocationPicker.prototype.cityPoint = function () {
    if (!this.city || this.city.selectedIndex < 0) {
      return null;
    }
    var point = parsePoint(this.city.options[this.city.selectedIndex].dataset.point);
    return point && this.datum.toTiles(point);
  };

  /* A newly chosen city moves the map there, unless a pin is placed already. */
  LocationPicker.prototype.centreOnCity = function () {
    var point = this.cityPoint();
    if (point && !this.marker) {
      this.map.setView(point, CITY_ZOOM);
    }
  };

  LocationPicker.prototype.showPin = function (point) {
    if (this.marker) {
      this.marker.setLatLng(point);
      return;
    }
    this.marker = L.marker(point, {
      icon: this.icon,
      draggable: true,
      keyboard: false, // the map itself takes the keys; a second stop would add nothing
      alt: this.element.dataset.textPin,
    }).addTo(this.map);
    this.marker.on("dragend", function () {
      this.place(this.marker.getLatLng(), false);
    }, this);
  };

  /* The pin at a point, written into the inputs; a click far out zooms in to refine it. */
  LocationPicker.prototype.place = function (point, zoomIn) {
    point = point.wrap();
    this.showPin(point);
    var stored = this.datum.fromTiles(point);
    var lat = stored.lat.toFixed(DECIMALS);
    var lng = stored.lng.toFixed(DECIMALS);
    this.latitude.value = lat;
    this.longitude.value = lng;
    this.writing = true; // for other listeners; follow() need not move the pin back
    [this.latitude, this.longitude].forEach(function (input) {
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    this.writing = false;
    this.announce(format(this.element.dataset.textSet, { latitude: lat, longitude: lng }));
    if (zoomIn && this.map.getZoom() < CITY_ZOOM) {
      this.map.setView(point, Math.min(this.map.getZoom() + 4, PIN_ZOOM));
    }
  };

  /* Typing into the inputs moves the pin (and removes it when one is emptied). */
  LocationPicker.prototype.follow = function () {
    if (this.writing) {
      return;
    }
    var point = typedPoint(this.latitude, this.longitude);
    if (!point) {
      if (this.marker && (this.latitude.value === "" || this.longitude.value === "")) {
        this.map.removeLayer(this.marker);
        this.marker = null;
      }
      return;
    }
    point = this.datum.toTiles(point);
    this.showPin(point);
    this.map.panTo(point);
  };

  LocationPicker.prototype.clear = function () {
    if (this.marker) {
      this.map.removeLayer(this.marker);
      this.marker = null;
    }
    this.latitude.value = "";
    this.longitude.value = "";
    this.announce(this.element.dataset.textRemoved);
  };

  LocationPicker.prototype.onKey = function (event) {
    if (event.target !== event.currentTarget) {
      return;
    }
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault(); // Enter would submit the form
      this.place(this.map.getCenter(), false);
    }
  };

  /* The ring where Enter puts the pin, shown while the map is used from the keyboard. */
  LocationPicker.prototype.showCentreOnKeys = function (canvas) {
    var element = this.element;
    var pointing = false;
    canvas.addEventListener("pointerdown", function () {
      pointing = true;
      element.classList.remove("location-picker--keys");
    });
    canvas.addEventListener("focus", function () {
      if (!pointing) {
        element.classList.add("location-picker--keys");
      }
      pointing = false;
    });
    canvas.addEventListener("blur", function () {
      element.classList.remove("location-picker--keys");
    });
    canvas.addEventListener("keydown", function () {
      element.classList.add("location-picker--keys");
    });
  };

  LocationPicker.prototype.announce = function (text) {
    if (this.status) {
      this.status.textContent = text;
    }
  };

  function setUp() {
    if (typeof L === "undefined") {
      return; // Leaflet did not load: the inputs still work
    }
    document.querySelectorAll("[data-location-picker]").forEach(function (element) {
      element.locationPicker = new LocationPicker(element);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
