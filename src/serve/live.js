// Added to every page by `convene serve`: reloads the page when the hub changes (only the
// stylesheets when only they changed), and shows the build errors over the page until the hub
// builds again.
(function () {
  "use strict";
  var panel = null;

  function showErrors(text) {
    if (!panel) {
      panel = document.createElement("div");
      panel.id = "convene-errors";
      panel.setAttribute("role", "alert");
      panel.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:70vh;overflow:auto;z-index:2147483647;" +
        "margin:0;padding:1rem 1.25rem;background:#2a0c09;color:#fff;border-top:4px solid #f5a59b;" +
        "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 -4px 16px rgb(0 0 0 / .4)";
      document.body.appendChild(panel);
    }
    var heading = document.createElement("strong");
    heading.textContent = "convene could not rebuild the hub. This is the last version that built; fix the file and save to continue.";
    var details = document.createElement("pre");
    details.style.cssText = "white-space:pre-wrap;margin:.75rem 0 0;font:inherit";
    details.textContent = text;
    panel.replaceChildren(heading, details);
  }

  function reloadStyles() {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("convene-reload", Date.now());
      link.href = url.toString();
    });
  }

  var events = new EventSource("/__convene/events");
  events.onmessage = function (event) {
    var message = JSON.parse(event.data);
    if (message.type === "errors") {
      showErrors(message.text);
    } else if (message.type === "reload") {
      if (message.css_only && !panel) reloadStyles();
      else window.location.reload();
    }
  };
})();
