// CooperaNet's offer and demand form: searchable lists of sectors, SDGs and
// countries, and a copy of what was typed kept in the browser, so that
// nothing is lost when the session expires before the form is saved.
(function () {
  "use strict";

  document.querySelectorAll("select.js-tom-select").forEach(function (select) {
    // eslint-disable-next-line no-undef
    new TomSelect(select, { plugins: ["remove_button"], maxOptions: null });
  });

  var form = document.querySelector("form.js-posting-form");
  if (!form || !window.localStorage) {
    return;
  }
  var key = form.dataset.draftKey;

  function collect() {
    var values = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") {
        return;
      }
      (values[name] = values[name] || []).push(value);
    });
    return values;
  }

  function restore(values) {
    Object.keys(values).forEach(function (name) {
      form.querySelectorAll("[name='" + CSS.escape(name) + "']").forEach(function (field) {
        var saved = values[name];
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = saved.indexOf(field.value) !== -1;
        } else if (field.tomselect) {
          field.tomselect.setValue(saved, true);
        } else if (field.multiple) {
          Array.prototype.forEach.call(field.options, function (option) {
            option.selected = saved.indexOf(option.value) !== -1;
          });
        } else {
          field.value = saved[0];
        }
      });
    });
  }

  // A page shown again with errors already holds what was typed; otherwise
  // offer back what the browser kept from an interrupted visit.
  var kept = localStorage.getItem(key);
  var justSaved = document.querySelector(".alert-success");
  if (kept && !form.dataset.hasErrors && !justSaved) {
    try {
      restore(JSON.parse(kept));
    } catch (error) {
      localStorage.removeItem(key);
    }
  }
  form.addEventListener("input", function () {
    localStorage.setItem(key, JSON.stringify(collect()));
  });
  form.addEventListener("change", function () {
    localStorage.setItem(key, JSON.stringify(collect()));
  });
  // The copy is dropped once the server confirms the record was saved (the
  // edit page of a new draft has its own key, so drop the "new" one too).
  if (!form.dataset.hasErrors && document.querySelector(".alert-success")) {
    localStorage.removeItem(key);
    localStorage.removeItem(key.replace(/-[^-]+$/, "-new"));
  }
})();
