// The unit picker (clusters/unit_picker.py): instead of a list of every unit (30,000 on a
// national installation), a search box that asks the set-up's search endpoint as one types
// and keeps the chosen units' slugs, separated by commas, in the field's own input — which is
// what the form sends. Without JavaScript that input is the field itself: a person types slugs,
// codes or names, and the server checks them. The page's words come in data attributes
// (JavaScript has no catalogue; the Content-Security-Policy allows no inline script):
//   <input data-unit-picker="/search/url"  data-unit-picker-multiple="1"
//          data-unit-picker-chosen='[{"value": "ha-noi", "label": "Hà Nội · 01"}]'
//          data-unit-picker-search="placeholder" data-unit-picker-empty="no match"
//          data-unit-picker-remove="remove">
"use strict";

(function () {
  const DELAY_MS = 200;

  function chosenOf(input) {
    try {
      const chosen = JSON.parse(input.dataset.unitPickerChosen || "[]");
      return Array.isArray(chosen) ? chosen : [];
    } catch (error) {
      return [];
    }
  }

  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) {
      made.className = className;
    }
    if (text) {
      made.textContent = text;
    }
    return made;
  }

  function setUp(input) {
    const data = input.dataset;
    const multiple = data.unitPickerMultiple === "1";
    let chosen = chosenOf(input);
    let timer = null;
    let asked = 0;

    const box = element("div", "unit-picker");
    const chips = element("ul", "list-inline mb-1");
    const search = element("input", input.className);
    search.type = "search";
    search.autocomplete = "off";
    search.placeholder = data.unitPickerSearch || "";
    // The field's label and help now describe the search box, which the person types in.
    if (input.id) {
      search.id = input.id;
      input.removeAttribute("id");
    }
    if (input.getAttribute("aria-describedby")) {
      search.setAttribute("aria-describedby", input.getAttribute("aria-describedby"));
    }
    const results = element("ul", "list-group mt-1");
    results.hidden = true;
    const status = element("div", "form-text");
    status.setAttribute("aria-live", "polite");
    input.type = "hidden";
    box.append(chips, search, results, status);
    input.after(box);

    function write() {
      input.value = chosen.map((unit) => unit.value).join(", ");
    }

    function remove(value) {
      chosen = chosen.filter((unit) => unit.value !== value);
      write();
      drawChosen();
      search.focus();
    }

    function drawChosen() {
      chips.replaceChildren();
      for (const unit of chosen) {
        const chip = element("li", "list-inline-item badge text-bg-light border", unit.label);
        const button = element("button", "btn-close btn-sm ms-1");
        button.type = "button";
        button.setAttribute("aria-label", `${data.unitPickerRemove || "×"} ${unit.label}`);
        button.addEventListener("click", () => remove(unit.value));
        chip.append(button);
        chips.append(chip);
      }
    }

    function clearResults() {
      results.replaceChildren();
      results.hidden = true;
      status.textContent = "";
    }

    function pick(unit) {
      if (!multiple) {
        chosen = [unit];
      } else if (!chosen.some((other) => other.value === unit.value)) {
        chosen.push(unit);
      }
      write();
      drawChosen();
      search.value = "";
      clearResults();
      search.focus();
    }

    function show(found) {
      clearResults();
      for (const unit of found) {
        const item = element("li", "list-group-item p-0");
        const button = element("button", "btn btn-link text-start w-100", unit.label);
        button.type = "button";
        button.addEventListener("click", () => pick({ value: unit.value, label: unit.label }));
        item.append(button);
        results.append(item);
      }
      results.hidden = found.length === 0;
      if (found.length === 0) {
        status.textContent = data.unitPickerEmpty || "";
      }
    }

    async function ask() {
      const query = search.value.trim();
      const ticket = ++asked;
      if (!query) {
        clearResults();
        return;
      }
      const url = new URL(data.unitPicker, window.location.href);
      url.searchParams.set("q", query);
      let found = [];
      try {
        const response = await fetch(url, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        found = response.ok ? await response.json() : [];
      } catch (error) {
        found = [];
      }
      if (ticket === asked) {
        // An older answer that arrives after a newer question is dropped.
        show(found);
      }
    }

    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });
    search.addEventListener("keydown", (event) => {
      // Enter picks the first suggestion instead of sending the form half-filled.
      if (event.key === "Enter") {
        event.preventDefault();
        const first = results.querySelector("button");
        if (first) {
          first.click();
        }
      } else if (event.key === "Escape") {
        clearResults();
      }
    });
    drawChosen();
  }

  function setUpAll() {
    document.querySelectorAll("input[data-unit-picker]").forEach(setUp);
  }

  // Loaded in the page's head: wait for the form to exist.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
