// The switch between light and dark colours in the header. Until a reader uses it, the page
// follows the system's choice (prefers-color-scheme, in style.css); once used, the choice is
// kept in this browser (localStorage: no cookie, nothing sent anywhere) and set on <html> as
// data-theme. This file is loaded in the head without `defer`, so that a kept choice is set
// before the page is first drawn, never after a flash of the other colours.
(function () {
  "use strict";
  var root = document.documentElement;
  var key = "convene-theme";
  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var chosen = null;
  try {
    chosen = window.localStorage.getItem(key);
  } catch (e) {
    // Storage refused (a private window in some browsers): the system chooses.
  }
  if (chosen === "light" || chosen === "dark") root.setAttribute("data-theme", chosen);

  // Whether the page is dark now: as chosen, else as the system asks.
  function isDark() {
    var theme = root.getAttribute("data-theme");
    return theme ? theme === "dark" : Boolean(system && system.matches);
  }

  // Without JavaScript the switch stays hidden, and the system chooses.
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-theme-switch]");
    if (!button) return;
    var show = function () { button.setAttribute("aria-pressed", isDark() ? "true" : "false"); };
    show();
    button.hidden = false;
    button.addEventListener("click", function () {
      var theme = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", theme);
      try {
        window.localStorage.setItem(key, theme);
      } catch (e) {
        // Not kept: the choice lasts as long as the page.
      }
      show();
    });
    if (system && system.addEventListener) system.addEventListener("change", show);
  });
})();
