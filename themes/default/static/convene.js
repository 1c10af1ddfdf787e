// Small view-time corrections for pages built earlier. Without JavaScript the pages show what
// was true when the site was built.
(function () {
  "use strict";
  var now = Date.now() / 1000;

  // "Your local time": after an event's time, when the reader's clock reads it otherwise than
  // the clock of the event's zone and of the second zone the page also gives it in. Written as
  // the page writes times, in its language and on its clock: the words come from the
  // element's `data-your-time` ("your time: {time}"), `data-clock` (12h or 24h) and
  // `data-am-pm` ("AM|PM"); the zone is named by its abbreviation (EST), as on the page.
  document.querySelectorAll("time[data-local]").forEach(function (el) {
    var start = new Date(el.getAttribute("datetime"));
    if (isNaN(start)) return;
    var mine = wallClock(start, undefined);
    if (!mine) return;
    var zones = [el.getAttribute("data-timezone"), el.getAttribute("data-also-timezone")];
    var shown = zones.filter(Boolean).map(function (zone) { return wallClock(start, zone); });
    if (!shown[0] || shown.some(function (clock) { return clock && clock.day === mine.day && clock.time === mine.time; })) return;
    var time = mine.minute;
    var hour = Number(mine.hour);
    if (el.getAttribute("data-clock") === "24h") {
      time = hour + ":" + time;
    } else {
      // The words kept on one line, as the page keeps them ("p.\u00a0m.").
      var amPm = (el.getAttribute("data-am-pm") || "AM|PM").split(" ").join("\u00a0").split("|");
      time = (hour % 12 || 12) + ":" + time + " " + (amPm[hour < 12 ? 0 : 1] || "");
    }
    time += " " + mine.zone;
    // On another day than the event's: that day too, in the page's language.
    if (mine.day !== shown[0].day) {
      var options = { weekday: "short", day: "numeric", month: "short" };
      var day;
      try {
        day = new Intl.DateTimeFormat(document.documentElement.lang || undefined, options).format(start);
      } catch (e) {
        // A language tag the browser does not know: its own language, then.
        day = new Intl.DateTimeFormat(undefined, options).format(start);
      }
      time = day + ", " + time;
    }
    var label = el.getAttribute("data-your-time") || "your time: {time}";
    var note = document.createElement("span");
    note.className = "local-time";
    note.textContent = " (" + label.split("{time}").join(time) + ")";
    el.after(note);
  });

  // What a clock in `zone` (the reader's own when undefined) reads at `moment`: its day, its
  // hour (0 to 23) and minute, `time` the two together, and the zone's abbreviation; null for
  // a zone the browser does not know.
  function wallClock(moment, zone) {
    var parts = {};
    try {
      new Intl.DateTimeFormat("en-US", {
        timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short"
      }).formatToParts(moment).forEach(function (part) { parts[part.type] = part.value; });
    } catch (e) {
      return null;
    }
    return {
      day: parts.year + "-" + parts.month + "-" + parts.day,
      hour: parts.hour,
      minute: parts.minute,
      time: parts.hour + ":" + parts.minute,
      zone: parts.timeZoneName
    };
  }

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
