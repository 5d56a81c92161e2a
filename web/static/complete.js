// Suggestions under the search box as a query is typed: the ARIA 1.2 combobox pattern
// (the input keeps focus; the options are a listbox it controls; arrow keys move the active
// option, Enter takes it, Escape closes). The page works without this script: the box is a
// plain form.
(function () {
  "use strict";
  const DELAY_MS = 120;

  function setUp(input) {
    const list = document.getElementById("q-suggestions");
    if (!list) return;
    const source = input.dataset.suggest;
    const articleLabel = input.dataset.articleLabel || "article";
    let active = -1;
    let timer = null;
    let asked = "";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    function options() { return Array.from(list.querySelectorAll("[role=option]")); }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(index) {
      const all = options();
      all.forEach((option, i) => option.setAttribute("aria-selected", i === index ? "true" : "false"));
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", all[index].id);
        all[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function go(option) {
      if (option.dataset.kind === "query") {
        input.value = option.dataset.text;
        close();
        input.form.requestSubmit();
      } else {
        window.location.href = option.dataset.href;
      }
    }

    function show(suggestions) {
      list.replaceChildren();
      suggestions.forEach((found, i) => {
        const option = document.createElement("li");
        option.id = "q-option-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.kind = found.kind;
        option.dataset.text = found.text;
        option.dataset.href = found.href;
        option.textContent = found.text;
        if (found.kind === "article") {
          option.className = "article";
          option.lang = found.lang;
          const badge = document.createElement("span");
          badge.className = "badge lang-" + found.lang;
          badge.textContent = articleLabel + " · " + found.lang.toUpperCase();
          option.prepend(badge, " ");
        }
        option.addEventListener("mousedown", (event) => { event.preventDefault(); go(option); });
        list.append(option);
      });
      active = -1;
      list.hidden = suggestions.length === 0;
      input.setAttribute("aria-expanded", suggestions.length ? "true" : "false");
    }

    function ask() {
      const text = input.value;
      if (text.trim().length < 2) { close(); return; }
      asked = text;
      fetch(source + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : { suggestions: [] }))
        .then((data) => { if (input.value === asked && document.activeElement === input) show(data.suggestions); })
        .catch(close);
    }

    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(ask, DELAY_MS); });
    input.addEventListener("keydown", (event) => {
      const all = options();
      if (event.key === "ArrowDown" && !list.hidden && all.length) {
        event.preventDefault();
        choose((active + 1) % all.length);
      } else if (event.key === "ArrowUp" && !list.hidden && all.length) {
        event.preventDefault();
        choose(active <= 0 ? all.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0 && !list.hidden) {
        event.preventDefault();
        go(all[active]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const input = document.getElementById("q");
    if (input && input.dataset.suggest) setUp(input);
  });
})();
