/*
 * "Add your space" (templates/spaces/space_submit.html), enhanced: "Add another…" buttons
 * that add blank rows to the hours, plans and photos, and the new-city fields hidden while a
 * listed city is chosen. Without this script the page works the same, with its blank rows.
 */
(function () {
  "use strict";

  function setUpFormset(formset) {
    var prefix = formset.dataset.prefix;
    var total = formset.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var rows = formset.querySelector("[data-formset-rows]");
    var template = formset.querySelector("[data-formset-template]");
    var button = formset.querySelector("[data-formset-add]");
    var max = Number(formset.dataset.max) || 1000;
    if (!total || !rows || !template || !button) {
      return;
    }
    function update() {
      button.hidden = Number(total.value) >= max;
    }
    button.addEventListener("click", function () {
      var index = Number(total.value);
      var html = template.innerHTML
        .replace(/__prefix__/g, String(index))
        .replace(/__number__/g, String(index + 1));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      update();
      var added = rows.lastElementChild;
      var first = added && added.querySelector("input:not([type=hidden]), select, textarea");
      if (first) {
        first.focus();
      }
    });
    update();
  }

  function setUpNewCity(form) {
    var city = form.querySelector("select[name='city']");
    var fields = form.querySelector("[data-new-city]");
    if (!city || !fields) {
      return;
    }
    var name = fields.querySelector("input[name='new_city_name']");
    function update() {
      // Kept in view while it holds a name, so an error about it stays visible.
      fields.hidden = city.value !== "" && !(name && name.value.trim());
    }
    city.addEventListener("change", update);
    update();
  }

  document.querySelectorAll("[data-space-submit]").forEach(function (form) {
    form.querySelectorAll("[data-formset]").forEach(setUpFormset);
    setUpNewCity(form);
  });
})();
