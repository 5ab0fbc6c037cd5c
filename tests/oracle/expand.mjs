// The oracle for tests/test_oracle.py: ical.js (Thunderbird's parser) expands the
// occurrences of calendars, independently of leanmeet.
//
// stdin:  {"items": [{"name", "text", "zones": [VTIMEZONE text...], "from", "to"}]}
//         ("zones": definitions of the IANA / Windows zones the file names without defining
//         them; ical.js has no zone database of its own)
// stdout: {"<name>": {"occurrences": [{"uid", "summary", "start", "end"}], "error": null}}
//         times as "D:2026-01-01" (a date), "F:2026-01-01T09:00:00" (floating wall time) or
//         "U:<unix seconds>" (an instant); occurrences overlapping [from - 1 day, to + 2 days]
import ICAL from "ical.js";

const MAX_STEPS = 20000; // occurrences walked per series (a hostile rule stays bounded)

function fmt(t) {
  if (t.isDate) {
    return "D:" + t.toString().slice(0, 10);
  }
  const zone = t.zone;
  if (!zone || zone === ICAL.Timezone.localTimezone || zone.tzid === "floating") {
    return "F:" + t.toString().slice(0, 19);
  }
  return "U:" + t.toUnixTime();
}

function roots(text) {
  const parsed = ICAL.parse(text);
  const list = Array.isArray(parsed[0]) ? parsed : [parsed];
  return list.map((j) => new ICAL.Component(j));
}

function expand(item) {
  ICAL.TimezoneService.reset();
  const out = [];
  for (const z of item.zones) {
    for (const c of roots(z)) {
      for (const vtz of c.getAllSubcomponents("vtimezone")) {
        ICAL.TimezoneService.register(vtz);
      }
    }
  }
  const cals = roots(item.text);
  const events = [];
  for (const cal of cals) {
    for (const vtz of cal.getAllSubcomponents("vtimezone")) {
      try {
        ICAL.TimezoneService.register(vtz);
      } catch (e) {
        // an unusable zone: its events read as floating
      }
    }
    events.push(...cal.getAllSubcomponents("vevent"));
  }
  const lo = ICAL.Time.fromDateString(item.from);
  lo.adjust(-1, 0, 0, 0);
  const hi = ICAL.Time.fromDateString(item.to);
  hi.adjust(2, 0, 0, 0);
  const loUnix = lo.toUnixTime() - 86400;
  const hiUnix = hi.toUnixTime() + 86400;
  // floating times and dates compare as if in UTC: the day of slack either side covers it
  const before = (t) => t.toUnixTime() < hiUnix;
  const masters = new Map();
  const exceptions = new Map();
  for (const ve of events) {
    const uid = ve.getFirstPropertyValue("uid") || "";
    if (ve.hasProperty("recurrence-id")) {
      if (!exceptions.has(uid)) exceptions.set(uid, []);
      exceptions.get(uid).push(ve);
    } else {
      if (!masters.has(uid)) masters.set(uid, []);
      masters.get(uid).push(ve);
    }
  }
  const push = (uid, summary, s, e) => {
    if (!s) return;
    const end = e || s;
    if (!before(s)) return;
    if (end.toUnixTime() < loUnix) return;
    out.push({ uid, summary: summary || "", start: fmt(s), end: fmt(end) });
  };
  for (const [uid, list] of masters) {
    list.forEach((master, index) => {
      const own = index === 0 ? (exceptions.get(uid) || []) : [];
      const event = new ICAL.Event(master, { strictExceptions: false, exceptions: own });
      if (!event.isRecurring()) {
        push(uid, event.summary, event.startDate, event.endDate);
        return;
      }
      const it = event.iterator();
      let next;
      let steps = 0;
      while ((next = it.next()) && steps++ < MAX_STEPS) {
        const d = event.getOccurrenceDetails(next);
        if (!before(d.startDate) && !before(next)) break;
        push(uid, d.item.summary, d.startDate, d.endDate);
      }
    });
  }
  for (const [uid, list] of exceptions) {
    if (masters.has(uid)) continue;
    for (const ex of list) {
      const event = new ICAL.Event(ex);
      push(uid, event.summary, event.startDate, event.endDate);
    }
  }
  return out;
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const result = {};
  for (const item of request.items) {
    try {
      result[item.name] = { occurrences: expand(item), error: null };
    } catch (e) {
      result[item.name] = { occurrences: [], error: String(e && e.message || e) };
    }
  }
  process.stdout.write(JSON.stringify(result));
});
