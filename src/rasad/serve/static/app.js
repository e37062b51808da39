/*
 * The web page of `rasad serve`: a map, a timeline, filters, a list of events and the
 * panel that shows one event with the evidence it was coded from.
 *
 * Plain ES2020, no build step. Two rules hold throughout:
 *  - Article text is untrusted. Data only ever reaches the page as text (textContent,
 *    text nodes, attribute values set one by one); never as HTML.
 *  - The page works offline: everything, down to the country outlines, comes from
 *    this server. Online map tiles appear only when the server is configured for them,
 *    and even then only when the reader turns them on.
 */
"use strict";

(() => {
  // ---------------------------------------------------------------- constants

  const EVENT_TYPES = [
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
  ];

  // Distinct at a glance and still told apart by most colour-blind readers.
  const TYPE_COLOURS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#7b3fa0",
    "Protests": "#2ca02c",
    "Riots": "#8c564b",
    "Strategic developments": "#1f77b4",
  };
  const OTHER_COLOUR = "#7f7f7f";

  const MARK_KINDS = ["trigger", "actor", "place", "number", "date"];

  const PAGE_SIZE = 100;
  const MAP_LIMIT = 10000; // the API's maximum for format=geojson
  const MIN_BAR_PX = 3;    // narrower than this, the timeline groups days into longer bars
  const DAY_MS = 86400000;
  const LANG_KEY = "rasad.lang";

  const I18N = {
    en: {
      title: "rasad — conflict events from Arabic news",
      tagline: "Conflict events coded from Arabic news",
      lang_toggle: "العربية",
      lang_toggle_label: "Switch to Arabic",
      matching: "Matching events",
      fatalities: "Fatalities",
      filters: "Filters",
      from: "From",
      to: "To",
      event_type: "Event type",
      actor: "Actor",
      actor_placeholder: "Name in English or Arabic",
      admin1: "Province (admin 1)",
      all: "All",
      min_sources: "Minimum sources",
      search: "Search the evidence",
      search_placeholder: "Arabic words",
      reset: "Reset filters",
      map_label: "Map of events",
      timeline: "Events per day",
      timeline_hint: "Drag across the chart to choose dates.",
      clear_brush: "Clear dates",
      list: "Events",
      pages: "Pages",
      prev: "Previous",
      next: "Next",
      page_info: "{from}–{to} of {total}",
      no_events: "No events match the filters.",
      back: "Back to the list",
      show_on_map: "Show on the map",
      loading: "Loading…",
      load_error: "Could not load {what}: {msg}",
      what_events: "the events",
      what_map: "the map",
      what_timeline: "the timeline",
      what_event: "the event",
      map_note: "{shown} of {total} matching events are on the map: the others have no coordinates, or come after the first {limit}.",
      layer_countries: "Country outlines",
      layer_admin1: "Provinces",
      layer_admin2: "Districts",
      layer_tiles: "Online map tiles",
      layer_events: "Events",
      legend: "Legend",
      legend_size: "Size: fatalities",
      bar_days: "(one bar: {n} days)",
      day_tooltip: "{date}: {events} events, {fatalities} fatalities",
      range_tooltip: "{from} – {to}: {events} events, {fatalities} fatalities",
      date: "Date",
      date_window: "between {from} and {to}",
      type: "Type",
      actors: "Actors",
      actor1: "Actor 1",
      actor2: "Actor 2",
      civilian_targeting: "Civilian targeting",
      place: "Place",
      casualties: "Casualties",
      killed: "killed",
      captured: "captured",
      wounded: "wounded",
      n_sources: "Sources",
      sources: "Sources and evidence",
      marks_legend: "Highlighted in the evidence:",
      mark_trigger: "event word",
      mark_actor: "actor",
      mark_place: "place",
      mark_number: "number",
      mark_date: "date",
      mark_other: "other",
      outlet_unknown: "Unknown outlet",
      published: "Published",
      open_article: "Open the article",
      no_evidence: "No evidence sentences stored.",
      rules: "Coding rules",
      no_coordinates: "no coordinates",
      event_id: "Event id",
    },
    ar: {
      title: "رصد — أحداث النزاع من الأخبار العربية",
      tagline: "أحداث النزاع مرمّزة من الأخبار العربية",
      lang_toggle: "English",
      lang_toggle_label: "التبديل إلى الإنجليزية",
      matching: "الأحداث المطابقة",
      fatalities: "القتلى",
      filters: "التصفية",
      from: "من",
      to: "إلى",
      event_type: "نوع الحدث",
      actor: "الفاعل",
      actor_placeholder: "الاسم بالعربية أو الإنجليزية",
      admin1: "المحافظة (المستوى الإداري الأول)",
      all: "الكل",
      min_sources: "أدنى عدد من المصادر",
      search: "البحث في الشواهد",
      search_placeholder: "كلمات عربية",
      reset: "إعادة ضبط التصفية",
      map_label: "خريطة الأحداث",
      timeline: "الأحداث يوميًا",
      timeline_hint: "اسحب على المخطط لاختيار فترة زمنية.",
      clear_brush: "مسح التواريخ",
      list: "الأحداث",
      pages: "الصفحات",
      prev: "السابق",
      next: "التالي",
      page_info: "{from}–{to} من {total}",
      no_events: "لا أحداث تطابق التصفية.",
      back: "العودة إلى القائمة",
      show_on_map: "إظهار على الخريطة",
      loading: "جارٍ التحميل…",
      load_error: "تعذّر تحميل {what}: {msg}",
      what_events: "الأحداث",
      what_map: "الخريطة",
      what_timeline: "المخطط الزمني",
      what_event: "الحدث",
      map_note: "على الخريطة {shown} من {total} حدثًا مطابقًا: البقية بلا إحداثيات أو بعد أول {limit}.",
      layer_countries: "حدود الدول",
      layer_admin1: "المحافظات",
      layer_admin2: "المناطق",
      layer_tiles: "خريطة من الإنترنت",
      layer_events: "الأحداث",
      legend: "مفتاح الخريطة",
      legend_size: "الحجم: عدد القتلى",
      bar_days: "(أيام العمود الواحد: {n})",
      day_tooltip: "{date}: الأحداث {events}، القتلى {fatalities}",
      range_tooltip: "{from} – {to}: الأحداث {events}، القتلى {fatalities}",
      date: "التاريخ",
      date_window: "بين {from} و{to}",
      type: "النوع",
      actors: "الأطراف",
      actor1: "الطرف الأول",
      actor2: "الطرف الثاني",
      civilian_targeting: "استهداف المدنيين",
      place: "المكان",
      casualties: "الضحايا",
      killed: "قتلى",
      captured: "أسرى",
      wounded: "جرحى",
      n_sources: "المصادر",
      sources: "المصادر والشواهد",
      marks_legend: "المظلَّل في الشواهد:",
      mark_trigger: "لفظ الحدث",
      mark_actor: "الفاعل",
      mark_place: "المكان",
      mark_number: "العدد",
      mark_date: "التاريخ",
      mark_other: "غير ذلك",
      outlet_unknown: "مصدر غير معروف",
      published: "تاريخ النشر",
      open_article: "فتح المقال",
      no_evidence: "لا جمل شاهدة محفوظة.",
      rules: "قواعد الترميز",
      no_coordinates: "بلا إحداثيات",
      event_id: "معرّف الحدث",
    },
  };

  const TYPE_AR = {
    "Battles": "معارك",
    "Explosions/Remote violence": "انفجارات / عنف عن بعد",
    "Violence against civilians": "عنف ضد المدنيين",
    "Protests": "احتجاجات",
    "Riots": "أعمال شغب",
    "Strategic developments": "تطورات استراتيجية",
  };

  // ACLED sub-event types; one missing here is shown in English.
  const SUB_TYPE_AR = {
    "Armed clash": "اشتباك مسلح",
    "Government regains territory": "استعادة الحكومة السيطرة على منطقة",
    "Non-state actor overtakes territory": "سيطرة جهة غير حكومية على منطقة",
    "Chemical weapon": "سلاح كيميائي",
    "Air/drone strike": "غارة جوية / بطائرة مسيّرة",
    "Suicide bomb": "تفجير انتحاري",
    "Shelling/artillery/missile attack": "قصف مدفعي / صاروخي",
    "Remote explosive/landmine/IED": "عبوة ناسفة / لغم",
    "Grenade": "قنبلة يدوية",
    "Sexual violence": "عنف جنسي",
    "Attack": "هجوم",
    "Abduction/forced disappearance": "اختطاف / إخفاء قسري",
    "Peaceful protest": "احتجاج سلمي",
    "Protest with intervention": "احتجاج مع تدخل",
    "Excessive force against protesters": "قوة مفرطة ضد المحتجين",
    "Violent demonstration": "تظاهرة عنيفة",
    "Mob violence": "عنف جماعي",
    "Agreement": "اتفاق",
    "Arrests": "اعتقالات",
    "Change to group/activity": "تغيّر في جماعة أو نشاط",
    "Disrupted weapons use": "إحباط استخدام سلاح",
    "Headquarters or base established": "إنشاء مقر أو قاعدة",
    "Looting/property destruction": "نهب / تدمير ممتلكات",
    "Non-violent transfer of territory": "انتقال منطقة دون عنف",
    "Other": "أخرى",
  };

  // ---------------------------------------------------------------- state

  const state = {
    lang: initialLang(),
    filters: emptyFilters(),
    offset: 0,        // of the event list page
    total: null,      // matching events (null: not loaded yet)
    fatalities: null, // their fatalities (likewise)
    selectedId: null, // the event shown in the panel
    detail: null,     // its /api/events/{id} answer, kept to redraw on a language change
    listEvents: [],   // the list page, kept for the same reason
    timeline: null,   // /api/stats by_day without the date filters, see drawTimeline
    config: {tiles: null, tiles_attribution: null},
    mapTotals: null,  // {shown, total} of the last map load
  };

  function emptyFilters() {
    return {
      since: "", until: "", types: new Set(EVENT_TYPES), actor: "", admin1: "",
      minSources: "", q: "",
    };
  }

  function initialLang() {
    let saved = null;
    try {
      saved = window.localStorage.getItem(LANG_KEY);
    } catch (_) {
      // Storage can be disabled; the choice then lasts for the visit only.
    }
    if (saved === "ar" || saved === "en") return saved;
    return (navigator.language || "").toLowerCase().startsWith("ar") ? "ar" : "en";
  }

  // ---------------------------------------------------------------- small helpers

  const $ = (id) => document.getElementById(id);

  function t(key, vars) {
    const table = I18N[state.lang];
    let s = key in table ? table[key] : I18N.en[key] || key;
    if (vars) {
      // Placeholders are filled from a plain object; the result only ever becomes text.
      s = s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
    }
    return s;
  }

  function fmt(n) {
    // Latin digits in both languages: the dates beside them are ISO dates.
    const locale = state.lang === "ar" ? "ar-u-nu-latn" : "en";
    return new Intl.NumberFormat(locale).format(n);
  }

  function typeLabel(type) {
    return state.lang === "ar" && TYPE_AR[type] ? TYPE_AR[type] : type || "";
  }

  function subTypeLabel(sub) {
    return state.lang === "ar" && SUB_TYPE_AR[sub] ? SUB_TYPE_AR[sub] : sub || "";
  }

  function typeColour(type) {
    return TYPE_COLOURS[type] || OTHER_COLOUR;
  }

  /** The name in the page's language when there is one, else the other. */
  function pick(en, ar) {
    return (state.lang === "ar" ? ar || en : en || ar) || "";
  }

  /**
   * A new element. `props`: className, text (textContent) and attributes, set one by one
   * with setAttribute: their names are always written in this file and a value is never
   * parsed as HTML (the one URL attribute taking data, href, goes through safeUrl first).
   * Children are nodes, or strings added as text.
   */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === "className") node.className = v;
        else if (k === "text") node.textContent = v;
        else node.setAttribute(k, v === true ? "" : String(v));
      }
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      node.append(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return node;
  }

  /** Arabic text as its own right-to-left island inside a left-to-right line. */
  function arabic(text, tag = "span") {
    return el(tag, {lang: "ar", dir: "rtl", text});
  }

  function debounce(fn, ms) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  function setStatus(message) {
    $("status").textContent = message || "";
  }

  function reportError(whatKey, err) {
    if (err && err.name === "AbortError") return; // superseded by a newer request
    setStatus(t("load_error", {what: t(whatKey), msg: err && err.message ? err.message : String(err)}));
  }

  // ---------------------------------------------------------------- the API

  // One AbortController per kind of request: a new request cancels the one it replaces,
  // so a slow answer to old filters can never overwrite the answer to new ones.
  const inflight = {};

  async function api(path, params, channel) {
    if (channel) {
      if (inflight[channel]) inflight[channel].abort();
      inflight[channel] = new AbortController();
    }
    const query = params ? `?${params.toString()}` : "";
    const resp = await fetch(`${path}${query}`, {
      headers: {Accept: "application/json"},
      signal: channel ? inflight[channel].signal : undefined,
    });
    let body = null;
    try {
      body = await resp.json();
    } catch (err) {
      if (err.name === "AbortError") throw err; // cancelled while reading: not an answer
      body = null; // not JSON: the status says what went wrong
    }
    if (!resp.ok) {
      const detail = body && typeof body.detail === "string" ? body.detail : resp.statusText;
      throw new Error(`${resp.status} ${detail}`);
    }
    return body;
  }

  /** The query string for the current filters; the timeline asks without the dates. */
  function filterParams({dates = true} = {}) {
    const f = state.filters;
    const p = new URLSearchParams();
    if (dates && f.since) p.set("since", f.since);
    if (dates && f.until) p.set("until", f.until);
    // All six types ticked is no filter at all (and keeps events of any other type).
    if (f.types.size < EVENT_TYPES.length) {
      for (const type of EVENT_TYPES) if (f.types.has(type)) p.append("event_type", type);
    }
    if (f.actor.trim()) p.set("actor", f.actor.trim());
    if (f.admin1) p.set("admin1", f.admin1);
    const minSources = parseInt(f.minSources, 10);
    if (Number.isInteger(minSources) && minSources > 1) p.set("min_sources", String(minSources));
    if (f.q.trim()) p.set("q", f.q.trim());
    return p;
  }

  /** No type ticked: nothing can match, and the API has no way to say "none". */
  function nothingSelected() {
    return state.filters.types.size === 0;
  }

  // ---------------------------------------------------------------- language

  function applyLanguage() {
    const root = document.documentElement;
    root.lang = state.lang;
    root.dir = state.lang === "ar" ? "rtl" : "ltr";
    document.title = t("title");
    for (const node of document.querySelectorAll("[data-i18n]")) {
      node.textContent = t(node.dataset.i18n);
    }
    for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
      node.placeholder = t(node.dataset.i18nPlaceholder);
    }
    for (const node of document.querySelectorAll("[data-i18n-aria-label]")) {
      node.setAttribute("aria-label", t(node.dataset.i18nAriaLabel));
    }
    const toggle = $("lang-toggle");
    toggle.textContent = t("lang_toggle");
    toggle.setAttribute("aria-label", t("lang_toggle_label"));
    // The button's own text is in the other language.
    toggle.lang = state.lang === "ar" ? "en" : "ar";

    renderTypeFilters();
    renderCounts();
    renderList();
    renderMapNote();
    drawTimeline();
    if (state.detail) renderDetail(state.detail);
    if (mapView) mapView.relabel();
  }

  function toggleLanguage() {
    state.lang = state.lang === "ar" ? "en" : "ar";
    try {
      window.localStorage.setItem(LANG_KEY, state.lang);
    } catch (_) {
      // See initialLang.
    }
    applyLanguage();
  }

  // ---------------------------------------------------------------- filters

  function renderTypeFilters() {
    const list = $("f-types");
    list.replaceChildren();
    for (const type of EVENT_TYPES) {
      const box = el("input", {type: "checkbox", value: type});
      box.checked = state.filters.types.has(type);
      box.addEventListener("change", () => {
        if (box.checked) state.filters.types.add(type);
        else state.filters.types.delete(type);
        filtersChanged();
      });
      const swatch = el("span", {className: "swatch", "aria-hidden": "true"});
      swatch.style.backgroundColor = typeColour(type);
      list.append(el("li", null, el("label", null, box, swatch, typeLabel(type))));
    }
  }

  function syncFilterInputs() {
    const f = state.filters;
    $("f-since").value = f.since;
    $("f-until").value = f.until;
    $("f-actor").value = f.actor;
    $("f-admin1").value = f.admin1;
    $("f-min-sources").value = f.minSources;
    $("f-q").value = f.q;
    renderTypeFilters();
  }

  function bindFilters() {
    const dates = () => {
      let since = $("f-since").value;
      let until = $("f-until").value;
      if (since && until && since > until) [since, until] = [until, since];
      state.filters.since = since;
      state.filters.until = until;
      datesChanged();
    };
    $("f-since").addEventListener("change", dates);
    $("f-until").addEventListener("change", dates);

    const typed = debounce(filtersChanged, 350);
    $("f-actor").addEventListener("input", () => {
      state.filters.actor = $("f-actor").value;
      typed();
      suggestActors();
    });
    $("f-q").addEventListener("input", () => {
      state.filters.q = $("f-q").value;
      typed();
    });
    $("f-min-sources").addEventListener("input", () => {
      state.filters.minSources = $("f-min-sources").value;
      typed();
    });
    $("f-admin1").addEventListener("change", () => {
      state.filters.admin1 = $("f-admin1").value;
      filtersChanged();
    });
    $("filter-form").addEventListener("submit", (e) => e.preventDefault());
    $("filter-form").addEventListener("reset", (e) => {
      e.preventDefault();
      state.filters = emptyFilters();
      syncFilterInputs();
      filtersChanged();
    });
  }

  const suggestActors = debounce(async () => {
    const q = state.filters.actor.trim();
    const list = $("actor-options");
    if (q.length < 2) {
      list.replaceChildren();
      return;
    }
    try {
      const data = await api("api/actors", new URLSearchParams({q, limit: "15"}), "actors");
      const options = [];
      for (const a of data.actors || []) {
        // The option's value is what the filter searches for; its label adds the Arabic.
        if (a.name) options.push(el("option", {value: a.name, label: a.name_ar || a.name}));
        if (a.name_ar) options.push(el("option", {value: a.name_ar, label: a.name || a.name_ar}));
      }
      list.replaceChildren(...options);
    } catch (err) {
      // Suggestions are a convenience: without them the filter still works.
      if (err.name !== "AbortError") list.replaceChildren();
    }
  }, 250);

  async function loadAdmin1Options() {
    // From the whole database, so choosing one province does not hide the others.
    const data = await api("api/stats");
    const select = $("f-admin1");
    const all = select.querySelector("option[value='']");
    const options = (data.by_admin1 || [])
      .filter((row) => row.admin1)
      .sort((a, b) => a.admin1.localeCompare(b.admin1))
      .map((row) => el("option", {value: row.admin1, text: `${row.admin1} (${row.events})`}));
    select.replaceChildren(all, ...options);
    select.value = state.filters.admin1;
  }

  /** Any filter but the dates: everything reloads, the timeline too. */
  function filtersChanged() {
    state.offset = 0;
    loadList();
    loadFatalities();
    loadMap();
    loadTimeline();
  }

  /** The dates only: the timeline keeps its data (it shows every date) and redraws. */
  function datesChanged() {
    $("f-since").value = state.filters.since;
    $("f-until").value = state.filters.until;
    state.offset = 0;
    loadList();
    loadFatalities();
    loadMap();
    drawTimeline();
  }

  // ---------------------------------------------------------------- counts and list

  function renderCounts() {
    $("count").textContent = state.total === null ? "…" : fmt(state.total);
    $("fatalities").textContent = state.fatalities === null ? "…" : fmt(state.fatalities);
  }

  async function loadList() {
    if (nothingSelected()) {
      state.total = 0;
      state.fatalities = 0;
      state.listEvents = [];
      renderCounts();
      renderList();
      return;
    }
    const params = filterParams();
    params.set("limit", String(PAGE_SIZE));
    params.set("offset", String(state.offset));
    const listBox = $("event-list");
    listBox.setAttribute("aria-busy", "true");
    try {
      const data = await api("api/events", params, "list");
      state.total = data.total;
      state.listEvents = data.events || [];
      setStatus("");
      renderCounts();
      renderList();
    } catch (err) {
      reportError("what_events", err);
    } finally {
      listBox.removeAttribute("aria-busy");
    }
  }

  async function loadFatalities() {
    // /api/stats with every filter, dates included: the fatalities of what is listed.
    if (nothingSelected()) return; // loadList shows the zeros
    try {
      const data = await api("api/stats", filterParams(), "stats");
      state.fatalities = data.fatalities || 0;
      renderCounts();
    } catch (err) {
      reportError("what_events", err);
    }
  }

  function eventPlace(ev) {
    const place = pick(ev.location, ev.location_ar);
    const region = [ev.admin2, ev.admin1].filter((x) => x && x !== place).join(", ");
    return region ? `${place} (${region})` : place;
  }

  function renderList() {
    const list = $("event-list");
    const items = state.listEvents.map((ev) => {
      const swatch = el("span", {className: "swatch", "aria-hidden": "true"});
      swatch.style.backgroundColor = typeColour(ev.event_type);
      const button = el("button", {type: "button", className: "event-item"},
        el("span", {className: "event-line"},
          swatch,
          el("span", {className: "event-date", dir: "ltr", text: ev.event_date || "?"}),
          el("span", {className: "event-type", text: subTypeLabel(ev.sub_event_type) || typeLabel(ev.event_type)})),
        el("span", {className: "event-place", text: eventPlace(ev)}),
        el("span", {className: "event-meta",
          text: `${t("fatalities")}: ${fmt(ev.fatalities || 0)} · ${t("n_sources")}: ${fmt(ev.n_sources || 0)}`}));
      button.dataset.eventId = ev.id; // lets a test (or a reader's tool) find the item
      if (ev.id === state.selectedId) button.classList.add("selected");
      button.addEventListener("click", () => openEvent(ev.id, button));
      return el("li", null, button);
    });
    if (!items.length && state.total !== null) {
      items.push(el("li", {className: "empty", text: t("no_events")}));
    }
    list.replaceChildren(...items);
    if (state.total === null) return; // the pager waits for the first answer

    const from = state.total ? state.offset + 1 : 0;
    const to = state.offset + state.listEvents.length;
    $("page-info").textContent = t("page_info", {from: fmt(from), to: fmt(to), total: fmt(state.total)});
    $("prev-page").disabled = state.offset <= 0;
    $("next-page").disabled = to >= state.total;
  }

  function bindPager() {
    $("prev-page").addEventListener("click", () => {
      state.offset = Math.max(0, state.offset - PAGE_SIZE);
      loadList().then(() => $("list-pane").scrollTo(0, 0));
    });
    $("next-page").addEventListener("click", () => {
      state.offset += PAGE_SIZE;
      loadList().then(() => $("list-pane").scrollTo(0, 0));
    });
  }

  // ---------------------------------------------------------------- the map

  let mapView = null;
  // Open where the map has room for it; kept across rebuilds on a language change.
  let legendOpen = window.matchMedia("(min-height: 760px) and (min-width: 1100px)").matches;

  /** Circle radius in pixels: grows with the square root of the dead, up to a cap. */
  function radiusFor(fatalities) {
    return Math.min(5 + 2 * Math.sqrt(Math.max(0, fatalities || 0)), 22);
  }

  function createMap() {
    const map = L.map("map", {
      center: [34.8, 38.5], // the Levant, until the events say where to look
      zoom: 6,
      minZoom: 2,
      // Places are coded to a town or a district, so closer views show nothing more;
      // events at one place spread out (spiderfy) at this zoom.
      maxZoom: 13,
      worldCopyJump: true,
      zoomControl: true,
    });
    // Panes fix the drawing order: countries under provinces under the events.
    map.createPane("countries").style.zIndex = 250;
    map.createPane("boundaries").style.zIndex = 350;
    map.getPane("boundaries").style.pointerEvents = "none";

    const countries = L.layerGroup().addTo(map);
    const admin1 = L.layerGroup();
    const admin2 = L.layerGroup();
    let tiles = null;

    const events = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 40,
      spiderfyOnMaxZoom: true,
      chunkedLoading: true,
      iconCreateFunction: clusterIcon,
    }).addTo(map);

    let layersControl = null;
    let legend = null;
    const markers = new Map(); // event id -> its circle marker

    function overlays() {
      const o = {};
      if (tiles) o[t("layer_tiles")] = tiles;
      o[t("layer_countries")] = countries;
      if (admin1.getLayers().length) o[t("layer_admin1")] = admin1;
      if (admin2.getLayers().length) o[t("layer_admin2")] = admin2;
      o[t("layer_events")] = events;
      return o;
    }

    function relabel() {
      // Leaflet's layer control and legend hold labels; rebuild them in the new language.
      if (layersControl) layersControl.remove();
      layersControl = L.control.layers(null, overlays(), {collapsed: true}).addTo(map);
      if (legend) legend.remove();
      legend = L.control({position: "bottomleft"});
      legend.onAdd = buildLegend;
      legend.addTo(map);
    }

    // With tiles on, the offline country fill would hide them: keep the outlines only.
    map.on("overlayadd overlayremove", (e) => {
      if (e.layer !== tiles) return;
      const on = map.hasLayer(tiles);
      countries.eachLayer((layer) => layer.setStyle({fillOpacity: on ? 0 : 1}));
    });

    function setTiles(template, attribution) {
      if (!template || !/^https?:\/\//i.test(template)) return;
      // Leaflet writes the attribution as HTML; the server's string is shown as text.
      tiles = L.tileLayer(template, {
        maxZoom: 19,
        attribution: escapeHtml(attribution || ""),
        crossOrigin: false,
      });
      relabel();
    }

    async function loadCountries() {
      const resp = await fetch("static/vendor/world-atlas/countries-50m.json");
      if (!resp.ok) throw new Error(`${resp.status} ${resp.statusText}`);
      const topo = await resp.json();
      const shapes = topojson.feature(topo, topo.objects.countries);
      L.geoJSON(shapes, {
        pane: "countries",
        interactive: false,
        attribution: "Natural Earth",
        style: {color: "#8a96a3", weight: 0.8, fillColor: "#f3f0e8", fillOpacity: 1},
      }).addTo(countries);
    }

    async function loadBoundaries(level, style) {
      const group = level === 1 ? admin1 : admin2;
      const data = await api("api/boundaries", new URLSearchParams({level: String(level)}));
      if (!data || !Array.isArray(data.features) || !data.features.length) return;
      L.geoJSON(data, {pane: "boundaries", interactive: false, style}).addTo(group);
      group.addTo(map);
      relabel();
    }

    function clusterIcon(cluster) {
      // A pie of the event types inside, with the count (a number, as text) on top.
      const tally = new Map();
      for (const m of cluster.getAllChildMarkers()) {
        tally.set(m.options.eventType, (tally.get(m.options.eventType) || 0) + 1);
      }
      const n = cluster.getChildCount();
      const stops = [];
      let acc = 0;
      for (const [type, k] of tally) {
        const from = (acc / n) * 360;
        acc += k;
        stops.push(`${typeColour(type)} ${from}deg ${(acc / n) * 360}deg`);
      }
      const pie = el("div", {className: "cluster-pie"}, el("span", {text: fmt(Number(n))}));
      pie.style.background = `conic-gradient(${stops.join(", ")})`;
      const size = n < 10 ? 30 : n < 100 ? 36 : 44;
      return L.divIcon({html: pie, className: "event-cluster", iconSize: L.point(size, size)});
    }

    function tooltipFor(props) {
      return () => el("div", {className: "map-tip"},
        el("strong", {text: `${props.event_date || "?"} · ${subTypeLabel(props.sub_event_type) || typeLabel(props.event_type)}`}),
        el("div", {text: eventPlace(props)}),
        el("div", {text: `${t("fatalities")}: ${fmt(props.fatalities || 0)} · ${t("n_sources")}: ${fmt(props.n_sources || 0)}`}));
    }

    function setEvents(collection) {
      events.clearLayers();
      markers.clear();
      const layers = [];
      for (const f of collection.features || []) {
        const c = f.geometry && f.geometry.coordinates;
        if (!Array.isArray(c) || !Number.isFinite(c[0]) || !Number.isFinite(c[1])) continue;
        const p = f.properties || {};
        const marker = L.circleMarker([c[1], c[0]], {
          radius: radiusFor(p.fatalities),
          color: "#222",
          weight: 1,
          fillColor: typeColour(p.event_type),
          fillOpacity: 0.8,
          eventType: p.event_type,
        });
        marker.bindTooltip(tooltipFor(p), {direction: "top", offset: [0, -4]});
        marker.on("click", () => openEvent(p.id));
        markers.set(p.id, marker);
        layers.push(marker);
      }
      events.addLayers(layers);
      selected = null;
      select(state.selectedId);
      // every new set of filters shows its events: an analyst who narrows to a month and
      // a province wants to look there, not to find the points on a map of the region
      if (layers.length) {
        map.fitBounds(L.latLngBounds(layers.map((m) => m.getLatLng())).pad(0.1), {maxZoom: 9});
      }
      return layers.length;
    }

    let selected = null;

    /** Outline the marker of the event in the panel (none: id null or not on the map). */
    function select(id) {
      if (selected) selected.setStyle({color: "#222", weight: 1});
      selected = (id && markers.get(id)) || null;
      if (selected) {
        selected.setStyle({color: "#000", weight: 3});
        if (map.hasLayer(selected)) selected.bringToFront(); // not while inside a cluster
      }
    }

    function showEvent(id) {
      const marker = markers.get(id);
      if (!marker) return false;
      events.zoomToShowLayer(marker, () => marker.openTooltip());
      return true;
    }

    function hasEvent(id) {
      return markers.has(id);
    }

    relabel();
    return {map, setTiles, loadCountries, loadBoundaries, setEvents, showEvent, hasEvent, select,
      relabel};
  }

  /** The map's legend: a <details>, so a reader can fold it away on a small map. */
  function buildLegend() {
    const box = el("details", {className: "map-legend", open: legendOpen},
      el("summary", {text: t("legend")}));
    box.addEventListener("toggle", () => {
      legendOpen = box.open;
    });
    for (const type of EVENT_TYPES) {
      const dot = el("span", {className: "dot", "aria-hidden": "true"});
      dot.style.backgroundColor = typeColour(type);
      box.append(el("div", null, dot, typeLabel(type)));
    }
    box.append(el("div", {className: "legend-size", text: t("legend_size")}));
    // Clicks and scrolls on the legend are not meant for the map beneath it.
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  }

  function escapeHtml(s) {
    const map = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"};
    return String(s).replace(/[&<>"']/g, (c) => map[c]);
  }

  async function loadMap() {
    if (!mapView) return;
    if (nothingSelected()) {
      mapView.setEvents({features: []});
      state.mapTotals = null;
      renderMapNote();
      return;
    }
    const params = filterParams();
    params.set("format", "geojson");
    params.set("limit", String(MAP_LIMIT));
    try {
      const data = await api("api/events", params, "map");
      const shown = mapView.setEvents(data);
      state.mapTotals = {shown, total: data.total};
      renderMapNote();
    } catch (err) {
      reportError("what_map", err);
    }
  }

  function renderMapNote() {
    const note = $("map-note");
    const m = state.mapTotals;
    if (m && m.shown < m.total) {
      note.textContent = t("map_note", {shown: fmt(m.shown), total: fmt(m.total), limit: fmt(MAP_LIMIT)});
      note.hidden = false;
    } else {
      note.hidden = true;
    }
  }

  // ---------------------------------------------------------------- the timeline

  function parseDay(s) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || "");
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
  }

  function dayString(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  async function loadTimeline() {
    if (nothingSelected()) {
      state.timeline = null;
      drawTimeline();
      return;
    }
    try {
      // Without the dates: the chart always shows the whole range to brush across.
      const data = await api("api/stats", filterParams({dates: false}), "timeline");
      state.timeline = data.by_day || [];
      drawTimeline();
    } catch (err) {
      reportError("what_timeline", err);
    }
  }

  /** Every day from the first to the last (quiet days included), grouped into at most
   * maxBins bins of equal length. */
  function binDays(byDay, maxBins) {
    const days = byDay.filter((d) => Number.isFinite(parseDay(d.date)));
    if (!days.length) return null;
    const first = Math.min(...days.map((d) => parseDay(d.date)));
    const last = Math.max(...days.map((d) => parseDay(d.date)));
    const nDays = Math.round((last - first) / DAY_MS) + 1;
    const width = Math.ceil(nDays / Math.max(1, maxBins)); // days per bin
    const bins = [];
    for (let i = 0; i * width < nDays; i++) {
      const start = first + i * width * DAY_MS;
      const end = Math.min(start + (width - 1) * DAY_MS, last);
      bins.push({from: dayString(start), to: dayString(end), events: 0, fatalities: 0});
    }
    for (const d of days) {
      const bin = bins[Math.floor(Math.round((parseDay(d.date) - first) / DAY_MS) / width)];
      bin.events += d.events || 0;
      bin.fatalities += d.fatalities || 0;
    }
    return {bins, width};
  }

  const SVG_NS = "http://www.w3.org/2000/svg";

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    for (const c of children) node.append(typeof c === "string" ? document.createTextNode(c) : c);
    return node;
  }

  /** The bin indexes the date filters cover, or null with no dates set. */
  function brushedBins(bins) {
    const {since, until} = state.filters;
    if (!since && !until) return null;
    let lo = 0;
    let hi = bins.length - 1;
    if (since) while (lo < bins.length && bins[lo].to < since) lo++;
    if (until) while (hi >= 0 && bins[hi].from > until) hi--;
    return {lo, hi};
  }

  // Geometry of the chart, shared by drawing and by the brush's pointer arithmetic.
  const CHART = {height: 110, top: 8, bottom: 20, left: 34, right: 8};

  function drawTimeline() {
    const box = $("timeline-chart");
    const {since, until} = state.filters;
    $("clear-brush").disabled = !since && !until;
    $("brush-label").textContent = since || until ? `${since || "…"} – ${until || "…"}` : "";
    const width = Math.max(box.clientWidth, 200);
    const plotW = width - CHART.left - CHART.right;
    // Binned here, not on loading: how many days a bar can hold depends on the width.
    const data = state.timeline && binDays(state.timeline, Math.floor(plotW / MIN_BAR_PX));
    $("bar-days").textContent = data && data.width > 1 ? t("bar_days", {n: fmt(data.width)}) : "";
    if (!data) {
      box.replaceChildren();
      return;
    }
    const {bins} = data;
    const plotH = CHART.height - CHART.top - CHART.bottom;
    const barW = plotW / bins.length;
    const max = Math.max(1, ...bins.map((b) => b.events));
    const brushed = brushedBins(bins);

    const chart = svg("svg", {
      width, height: CHART.height, viewBox: `0 0 ${width} ${CHART.height}`,
      role: "img", "aria-label": t("timeline"), class: "timeline-svg",
    });
    const bars = svg("g", {class: "bars"});
    bins.forEach((b, i) => {
      const h = (b.events / max) * plotH;
      const inBrush = !brushed || (i >= brushed.lo && i <= brushed.hi);
      const rect = svg("rect", {
        x: CHART.left + i * barW, y: CHART.top + plotH - h,
        width: Math.max(barW - (barW > 3 ? 1 : 0), 0.5), height: Math.max(h, b.events ? 1 : 0),
        class: inBrush ? "bar" : "bar dim",
      });
      const tip = b.from === b.to
        ? t("day_tooltip", {date: b.from, events: fmt(b.events), fatalities: fmt(b.fatalities)})
        : t("range_tooltip", {from: b.from, to: b.to, events: fmt(b.events), fatalities: fmt(b.fatalities)});
      rect.append(svg("title", null, tip));
      bars.append(rect);
    });
    chart.append(bars);

    // Axes: the busiest bin's count, and dates at both ends and in between.
    chart.append(
      svg("line", {x1: CHART.left, x2: width - CHART.right, y1: CHART.top + plotH, y2: CHART.top + plotH, class: "axis"}),
      svg("text", {x: CHART.left - 4, y: CHART.top + 8, class: "tick", "text-anchor": "end"}, fmt(max)),
      svg("text", {x: CHART.left - 4, y: CHART.top + plotH, class: "tick", "text-anchor": "end"}, "0"));
    // Date labels under the bars they name, evenly spread, one per 110 px at most
    // (a date is about 60 px wide); the outer ones are kept inside the chart.
    const nTicks = Math.max(1, Math.min(bins.length, Math.floor(plotW / 110)));
    const ticks = new Set();
    for (let k = 0; k < nTicks; k++) {
      ticks.add(nTicks === 1 ? 0 : Math.round((k / (nTicks - 1)) * (bins.length - 1)));
    }
    for (const i of ticks) {
      let x = CHART.left + (i + 0.5) * barW;
      let anchor = "middle";
      if (x - 32 < CHART.left) [x, anchor] = [CHART.left, "start"];
      else if (x + 32 > CHART.left + plotW) [x, anchor] = [CHART.left + plotW, "end"];
      chart.append(svg("text", {x, y: CHART.height - 5, class: "tick", "text-anchor": anchor}, bins[i].from));
    }

    if (brushed && brushed.hi >= brushed.lo) {
      chart.append(svg("rect", {
        x: CHART.left + brushed.lo * barW, y: CHART.top,
        width: (brushed.hi - brushed.lo + 1) * barW, height: plotH, class: "brush",
      }));
    }
    const live = svg("rect", {x: 0, y: CHART.top, width: 0, height: plotH, class: "brush live"});
    live.style.display = "none";
    chart.append(live);
    box.replaceChildren(chart);
    bindBrush(chart, live, bins, barW);
  }

  /** Drag across the chart to set the date filters; a click picks one bar. */
  function bindBrush(chart, live, bins, barW) {
    let start = null;
    const binAt = (event) => {
      const x = event.clientX - chart.getBoundingClientRect().left - CHART.left;
      return Math.min(bins.length - 1, Math.max(0, Math.floor(x / barW)));
    };
    const show = (a, b) => {
      const lo = Math.min(a, b);
      live.setAttribute("x", String(CHART.left + lo * barW));
      live.setAttribute("width", String((Math.abs(b - a) + 1) * barW));
      live.style.display = "";
    };
    chart.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      start = binAt(e);
      chart.setPointerCapture(e.pointerId);
      show(start, start);
      e.preventDefault();
    });
    chart.addEventListener("pointermove", (e) => {
      if (start !== null) show(start, binAt(e));
    });
    const finish = (e) => {
      if (start === null) return;
      const end = binAt(e);
      const lo = Math.min(start, end);
      const hi = Math.max(start, end);
      start = null;
      state.filters.since = bins[lo].from;
      state.filters.until = bins[hi].to;
      datesChanged();
    };
    chart.addEventListener("pointerup", finish);
    chart.addEventListener("pointercancel", () => {
      start = null;
      live.style.display = "none";
    });
  }

  function bindTimeline() {
    $("clear-brush").addEventListener("click", () => {
      state.filters.since = "";
      state.filters.until = "";
      datesChanged();
    });
    // Bars are laid out in pixels: redraw when the chart's box changes width.
    let lastWidth = 0;
    new ResizeObserver(debounce(() => {
      const w = $("timeline-chart").clientWidth;
      if (w !== lastWidth) {
        lastWidth = w;
        drawTimeline();
      }
    }, 100)).observe($("timeline-chart"));
  }

  // ---------------------------------------------------------------- the event panel

  async function openEvent(id, opener) {
    state.selectedId = id;
    state.detail = null;
    state.opener = opener || null;
    for (const b of document.querySelectorAll(".event-item.selected")) b.classList.remove("selected");
    if (opener) opener.classList.add("selected");
    const panel = $("event-panel");
    panel.hidden = false;
    $("list-pane").hidden = true;
    $("event-body").replaceChildren(el("p", {className: "note", text: t("loading")}));
    $("show-on-map").disabled = !(mapView && mapView.hasEvent(id));
    if (mapView) mapView.select(id);
    try {
      const data = await api(`api/events/${encodeURIComponent(id)}`, null, "detail");
      if (state.selectedId !== id) return;
      state.detail = data;
      renderDetail(data);
      const heading = $("event-title");
      if (heading) heading.focus({preventScroll: true});
    } catch (err) {
      if (err.name === "AbortError") return;
      $("event-body").replaceChildren(el("p", {className: "error",
        text: t("load_error", {what: t("what_event"), msg: err.message})}));
    }
  }

  function closeEvent() {
    state.selectedId = null;
    state.detail = null;
    $("event-panel").hidden = true;
    $("list-pane").hidden = false;
    if (mapView) mapView.select(null);
    for (const b of document.querySelectorAll(".event-item.selected")) b.classList.remove("selected");
    if (state.opener && document.contains(state.opener)) state.opener.focus();
    state.opener = null;
  }

  function bindPanel() {
    $("close-panel").addEventListener("click", closeEvent);
    $("show-on-map").addEventListener("click", () => {
      if (state.selectedId && mapView) mapView.showEvent(state.selectedId);
    });
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !$("event-panel").hidden) closeEvent();
    });
  }

  /** A label/value row of the event's facts; skipped when there is no value. */
  function fact(dl, labelKey, ...value) {
    const parts = value.filter((v) => v !== null && v !== undefined && v !== "");
    if (!parts.length) return;
    dl.append(el("dt", {text: t(labelKey)}), el("dd", null, ...parts));
  }

  function actorNode(en, ar) {
    if (!en && !ar) return null;
    const span = el("span", {className: "actor"});
    if (en) span.append(el("span", {lang: "en", dir: "ltr", text: en}));
    if (en && ar) span.append(" · ");
    if (ar) span.append(arabic(ar));
    return span;
  }

  function renderDetail(ev) {
    const body = $("event-body");
    const heading = el("h2", {id: "event-title", tabindex: "-1"});
    const swatch = el("span", {className: "swatch", "aria-hidden": "true"});
    swatch.style.backgroundColor = typeColour(ev.event_type);
    heading.append(swatch, `${subTypeLabel(ev.sub_event_type)} — ${pick(ev.location, ev.location_ar) || "?"}`);

    const facts = el("dl", {className: "facts"});
    // The window is a sentence in the page's language; ISO dates read right inside
    // Arabic text without help, so only the bare date is marked left-to-right.
    const when = el("span", null, el("span", {dir: "ltr", text: ev.event_date || "?"}));
    const win = ev.date_window;
    if (Array.isArray(win) && win.length === 2 && win[0] !== win[1]) {
      when.append(" ", el("span", {className: "note", text: `(${t("date_window", {from: win[0], to: win[1]})})`}));
    }
    fact(facts, "date", when);
    fact(facts, "type", `${typeLabel(ev.event_type)} / ${subTypeLabel(ev.sub_event_type)}`);
    fact(facts, "actor1", actorNode(ev.actor1, ev.actor1_ar));
    fact(facts, "actor2", actorNode(ev.actor2, ev.actor2_ar));
    fact(facts, "civilian_targeting", ev.civilian_targeting);

    const place = el("span");
    if (ev.location) place.append(el("span", {lang: "en", dir: "ltr", text: ev.location}));
    if (ev.location && ev.location_ar) place.append(" · ");
    if (ev.location_ar) place.append(arabic(ev.location_ar));
    const region = [ev.admin2, ev.admin1, ev.country].filter(Boolean).join(", ");
    if (region) place.append(el("span", {className: "region", text: ` — ${region}`}));
    if (ev.latitude === null || ev.latitude === undefined) {
      place.append(el("span", {className: "note", text: ` (${t("no_coordinates")})`}));
    }
    fact(facts, "place", place.childNodes.length ? place : null);
    fact(facts, "casualties",
      `${t("killed")}: ${fmt(ev.fatalities || 0)} · ${t("captured")}: ${fmt(ev.captured || 0)} · ${t("wounded")}: ${fmt(ev.wounded || 0)}`);
    fact(facts, "n_sources", fmt(ev.n_sources || (ev.sources || []).length));
    fact(facts, "event_id", el("code", {text: ev.id}));

    const parts = [heading, facts];
    if (Array.isArray(ev.rules) && ev.rules.length) {
      parts.push(el("details", {className: "rules"},
        el("summary", {text: t("rules")}),
        el("ul", null, ...ev.rules.map((r) => el("li", null, el("code", {text: String(r)}))))));
    }

    parts.push(el("h3", {text: t("sources")}), markLegend());
    const sources = Array.isArray(ev.sources) ? ev.sources : [];
    if (sources.length) {
      parts.push(el("ol", {className: "sources"}, ...sources.map(renderSource)));
    } else if (Array.isArray(ev.evidence)) {
      parts.push(evidenceBlock(ev.evidence));
    }
    body.replaceChildren(...parts);
  }

  function markLegend() {
    const box = el("p", {className: "mark-legend"}, t("marks_legend"));
    for (const kind of MARK_KINDS) {
      box.append(" ", el("mark", {className: `m-${kind}`, text: t(`mark_${kind}`)}));
    }
    return box;
  }

  /** Only web links become links: a javascript: or data: URL in a feed stays text. */
  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url.trim()) ? url.trim() : null;
  }

  function renderSource(src) {
    const head = el("div", {className: "source-head"},
      el("strong", {dir: "auto", text: src.outlet || t("outlet_unknown")}));
    if (src.published) {
      head.append(" · ", el("span", {dir: "ltr", title: t("published"), text: src.published}));
    }
    const item = el("li", {className: "source"}, head);
    if (src.title) item.append(el("p", {className: "source-title", dir: "auto", text: src.title}));
    const href = safeUrl(src.source_url);
    if (href) {
      item.append(el("p", {className: "source-link"},
        el("a", {href, rel: "noopener noreferrer", target: "_blank", text: t("open_article")})));
    } else if (src.source_url) {
      item.append(el("p", {className: "source-link note", dir: "ltr", text: src.source_url}));
    }
    item.append(evidenceBlock(src.evidence));
    return item;
  }

  function evidenceBlock(evidence) {
    const list = Array.isArray(evidence) ? evidence : [];
    if (!list.length) return el("p", {className: "note", text: t("no_evidence")});
    return el("div", {className: "evidence-list"}, ...list.map((ev) => {
      const p = el("p", {className: "evidence", dir: "rtl", lang: "ar"});
      p.append(highlight(String(ev.text || ""), ev.marks));
      return p;
    }));
  }

  /**
   * The evidence text with its marks as <mark> elements, all as text nodes.
   *
   * The server counts offsets in code points (Python), JavaScript strings in UTF-16
   * units; Array.from splits a string into code points, so the offsets index it as
   * they are. Marks that overlap one already kept (earliest first, longest first among
   * equals) are dropped rather than cut: a word is highlighted whole or not at all.
   */
  function highlight(text, marks) {
    const chars = Array.from(text);
    const n = chars.length;
    const valid = [];
    (Array.isArray(marks) ? marks : []).forEach((m, order) => {
      if (!Array.isArray(m) || m.length < 3) return;
      const [kind, start, end] = m;
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > n || start >= end) return;
      valid.push({kind: MARK_KINDS.includes(kind) ? kind : "other", start, end, order});
    });
    valid.sort((a, b) => a.start - b.start || (b.end - b.start) - (a.end - a.start) || a.order - b.order);

    const frag = document.createDocumentFragment();
    let pos = 0;
    for (const m of valid) {
      if (m.start < pos) continue; // overlaps a mark already kept
      if (m.start > pos) frag.append(document.createTextNode(chars.slice(pos, m.start).join("")));
      frag.append(el("mark", {className: `m-${m.kind}`, title: t(`mark_${m.kind}`),
        text: chars.slice(m.start, m.end).join("")}));
      pos = m.end;
    }
    if (pos < n) frag.append(document.createTextNode(chars.slice(pos).join("")));
    return frag;
  }

  // ---------------------------------------------------------------- start

  async function start() {
    bindFilters();
    bindPager();
    bindTimeline();
    bindPanel();
    $("lang-toggle").addEventListener("click", toggleLanguage);

    try {
      mapView = createMap();
    } catch (err) {
      // Without Leaflet the rest of the page (filters, list, panel) still works.
      mapView = null;
      setStatus(t("load_error", {what: t("what_map"), msg: err.message}));
    }
    applyLanguage();

    // Independent loads: each reports its own failure and the others go on.
    loadList();
    loadFatalities();
    loadMap();
    loadTimeline();
    loadAdmin1Options().catch((err) => reportError("what_events", err));
    if (mapView) {
      mapView.loadCountries().catch((err) => reportError("what_map", err));
      mapView.loadBoundaries(1, {color: "#5b6b7b", weight: 1, fill: false})
        .catch((err) => reportError("what_map", err));
      mapView.loadBoundaries(2, {color: "#8796a5", weight: 0.5, dashArray: "2 3", fill: false})
        .catch((err) => reportError("what_map", err));
      try {
        const config = await api("api/config");
        state.config = config || state.config;
        mapView.setTiles(state.config.tiles, state.config.tiles_attribution);
      } catch (err) {
        reportError("what_map", err);
      }
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
