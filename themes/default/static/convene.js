// Small view-time corrections for pages built earlier. Without JavaScript the pages show what
// was true when the site was built.
(function () {
  "use strict";
  var now = Date.now() / 1000;

  // "Your local time": beside an event's time, when the reader's zone shows it differently.
  // Written in the page's language; the words come from the element's `data-your-time`
  // ("your time: {time}" in English, the default).
  document.querySelectorAll("time[data-local]").forEach(function (el) {
    var start = new Date(el.getAttribute("datetime"));
    if (isNaN(start)) return;
    var options = { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit", timeZoneName: "short" };
    var theirs;
    try {
      theirs = new Intl.DateTimeFormat(document.documentElement.lang || undefined, options).format(start);
    } catch (e) {
      // A language tag the browser does not know: its own language, then.
      theirs = new Intl.DateTimeFormat(undefined, options).format(start);
    }
    var zone = el.getAttribute("data-timezone");
    var readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || zone === readerZone) return;
    var label = el.getAttribute("data-your-time") || "your time: {time}";
    var note = document.createElement("span");
    note.className = "local-time";
    note.textContent = " (" + label.split("{time}").join(theirs) + ")";
    el.after(note);
  });

  // Lists: an event that has ended moves from "Upcoming" to "Past"; a repeating event shows
  // its next date that has not ended.
  var upcoming = document.querySelector("[data-events='upcoming']");
  var past = document.querySelector("[data-events='past']");
  if (!upcoming) return;
  Array.prototype.slice.call(upcoming.querySelectorAll("[data-occurrences]")).forEach(function (card) {
    var dates = JSON.parse(card.getAttribute("data-occurrences") || "[]");
    var next = dates.filter(function (d) { return d[1] > now; })[0];
    var time = card.querySelector("time");
    if (next && time && time.getAttribute("datetime") !== next[2]) {
      time.setAttribute("datetime", next[2]);
      time.textContent = next[3];
    }
    // On a page of a long list that shows no past events, it stays where it is.
    if (!next && past) {
      card.remove();
      past.insertBefore(card, past.firstChild);
    }
  });
  var empty = upcoming.parentNode.querySelector(".empty");
  if (!upcoming.querySelector("[data-occurrences]") && !empty) {
    var p = document.createElement("p");
    p.className = "empty";
    p.textContent = upcoming.getAttribute("data-empty") || "";
    upcoming.after(p);
  }
})();
