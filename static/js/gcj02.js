/*
 * WGS-84 <-> GCJ-02 for the maps (static/js/map.js, static/js/location-picker.js), loaded
 * before them wherever a map is: with MAP_TILE_COORDINATES "gcj02" (AutoNavi's or Tencent's
 * tiles) every stored WGS-84 point is shifted before it is drawn, and every point picked on
 * the tiles is shifted back. window.maker2Gcj02.fromWgs84(lat, lng) and
 * .toWgs84(lat, lng) return [latitude, longitude]; tests/browser/test_map.py checks them
 * against published points.
 */
(function () {
  "use strict";

  if (window.maker2Gcj02) {
    return;
  }

  /* WGS-84 <-> GCJ-02, the datum mainland Chinese tile sets are drawn in (MAP_TILE_COORDINATES).
     The published transform on the Krasovsky ellipsoid; outside mainland China there is no
     offset. The database and the API keep WGS-84: only what the map draws is shifted. */
  window.maker2Gcj02 = (function () {
    var A = 6378245.0; // Krasovsky 1940 semi-major axis, metres
    var EE = 0.00669342162296594323; // its first eccentricity squared
    var PI = Math.PI;

    function outOfChina(latitude, longitude) {
      return longitude < 72.004 || longitude > 137.8347 || latitude < 0.8293 || latitude > 55.8271;
    }

    function latitudeShift(x, y) {
      var shift = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
      shift += ((20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0) / 3.0;
      shift += ((20.0 * Math.sin(y * PI) + 40.0 * Math.sin((y / 3.0) * PI)) * 2.0) / 3.0;
      shift += ((160.0 * Math.sin((y / 12.0) * PI) + 320.0 * Math.sin((y * PI) / 30.0)) * 2.0) / 3.0;
      return shift;
    }

    function longitudeShift(x, y) {
      var shift = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
      shift += ((20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0) / 3.0;
      shift += ((20.0 * Math.sin(x * PI) + 40.0 * Math.sin((x / 3.0) * PI)) * 2.0) / 3.0;
      shift += ((150.0 * Math.sin((x / 12.0) * PI) + 300.0 * Math.sin((x / 30.0) * PI)) * 2.0) / 3.0;
      return shift;
    }

    /* [latitude, longitude] in GCJ-02 of a WGS-84 point. */
    function fromWgs84(latitude, longitude) {
      if (outOfChina(latitude, longitude)) {
        return [latitude, longitude];
      }
      var x = longitude - 105.0;
      var y = latitude - 35.0;
      var radians = (latitude / 180.0) * PI;
      var magic = 1 - EE * Math.sin(radians) * Math.sin(radians);
      var root = Math.sqrt(magic);
      var dLatitude = (latitudeShift(x, y) * 180.0) / (((A * (1 - EE)) / (magic * root)) * PI);
      var dLongitude = (longitudeShift(x, y) * 180.0) / ((A / root) * Math.cos(radians) * PI);
      return [latitude + dLatitude, longitude + dLongitude];
    }

    /* [latitude, longitude] in WGS-84 of a GCJ-02 point: the transform has no closed inverse,
       so the WGS-84 guess is moved by the error its own transform makes until it lands. */
    function toWgs84(latitude, longitude) {
      if (outOfChina(latitude, longitude)) {
        return [latitude, longitude];
      }
      var guess = [latitude, longitude];
      for (var step = 0; step < 30; step += 1) {
        var shifted = fromWgs84(guess[0], guess[1]);
        var dLatitude = shifted[0] - latitude;
        var dLongitude = shifted[1] - longitude;
        guess = [guess[0] - dLatitude, guess[1] - dLongitude];
        if (Math.abs(dLatitude) < 1e-10 && Math.abs(dLongitude) < 1e-10) {
          break;
        }
      }
      return guess;
    }

    return { fromWgs84: fromWgs84, toWgs84: toWgs84, outOfChina: outOfChina };
  })();
})();
