// Nothing typed is lost: the edit form keeps a copy of unsaved changes in this browser
// (localStorage) and offers it back after a crash, a closed tab or an expired session.
//
// The copy is keyed by the form's address and holds the fields the editor changed, with
// the version of the item the form was loaded with. A copy made from an older version is
// offered only if it still differs from what is saved, and says that it is older; restoring
// it puts back only the fields the editor had changed. Text typed while the offer is shown
// is kept too, in the same copy. The copy is dropped once a save succeeds (the page after
// the save shows the admin's success message). Nothing is sent to the server: the item's
// history only holds real saves.
(() => {
  "use strict";

  const PREFIX = "placard:unsaved:";
  const SENT = "placard:unsaved:sent"; // sessionStorage: the copy of a form just sent
  const KEEP_DAYS = 30;
  const DELAY_MS = 700;
  const MANAGEMENT = /-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/;

  const t = (text) => (window.gettext ? window.gettext(text) : text);
  const fill = (text, values) =>
    window.interpolate ? window.interpolate(text, values, true) : text.replace(/%\((\w+)\)s/g, (_, key) => values[key]);

  const storage = {
    get(key) {
      try {
        return JSON.parse(window.localStorage.getItem(key));
      } catch (error) {
        return null;
      }
    },
    set(key, value) {
      try {
        window.localStorage.setItem(key, JSON.stringify(value));
        return true;
      } catch (error) {
        return false; // storage full or refused: the form itself still holds the text
      }
    },
    remove(key) {
      try {
        window.localStorage.removeItem(key);
      } catch (error) {
        // nothing to do
      }
    },
  };

  function session(action, value) {
    try {
      if (action === "get") return window.sessionStorage.getItem(SENT);
      if (action === "set") window.sessionStorage.setItem(SENT, value);
      if (action === "remove") window.sessionStorage.removeItem(SENT);
    } catch (error) {
      // sessionStorage refused: the version check still drops the copy after a save
    }
    return null;
  }

  // After a form was sent: a success message means it was saved, so its copy goes. Any
  // other page (the form again with errors, the login page after an expired session)
  // keeps it.
  function settleSentForm() {
    const sent = session("get");
    if (!sent) return;
    session("remove");
    if (document.querySelector(".messagelist .success")) storage.remove(sent);
  }

  function pruneOldCopies() {
    const limit = Date.now() - KEEP_DAYS * 24 * 3600 * 1000;
    try {
      for (let i = window.localStorage.length - 1; i >= 0; i--) {
        const key = window.localStorage.key(i);
        if (!key || !key.startsWith(PREFIX) || key === SENT) continue;
        const record = storage.get(key);
        if (!record || !(record.savedAt > limit)) storage.remove(key);
      }
    } catch (error) {
      // storage refused: nothing kept, nothing to prune
    }
  }

  // Editors of rich text, by their textarea: a restore puts the text back into the editor.
  const editors = new Map();
  document.addEventListener("prose-editor:ready", (event) => {
    const { editor, textarea } = event.detail || {};
    if (editor && textarea) editors.set(textarea, editor);
  });

  function saveable(element) {
    if (!element.name || element.disabled) return false;
    if (element.name.includes("__prefix__") || element.closest(".empty-form")) return false;
    if (element.name === "csrfmiddlewaretoken" || element.name === "loaded_version") return false;
    if (MANAGEMENT.test(element.name)) return false;
    const type = (element.type || "").toLowerCase();
    if (["submit", "button", "reset", "image", "file", "password"].includes(type)) return false;
    if (type === "hidden") return element.hasAttribute("data-row-order");
    return ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName);
  }

  // The form's fields as [name, value, label] triples; the label (the chosen option's
  // text) lets an autocomplete show a choice it has not loaded.
  function snapshot(form) {
    const fields = [];
    for (const element of form.elements) {
      if (!saveable(element)) continue;
      const type = (element.type || "").toLowerCase();
      if (type === "checkbox") fields.push([element.name, element.checked ? "on" : "", ""]);
      else if (type === "radio") {
        if (element.checked) fields.push([element.name, element.value, ""]);
      } else if (element.tagName === "SELECT") {
        const chosen = Array.from(element.selectedOptions);
        fields.push([element.name, chosen.map((o) => o.value), chosen.map((o) => o.textContent)]);
      } else fields.push([element.name, element.value, ""]);
    }
    const formsets = {};
    for (const total of form.querySelectorAll("input[name$='-TOTAL_FORMS']")) {
      formsets[total.name.replace(/-TOTAL_FORMS$/, "")] = Number(total.value) || 0;
    }
    return { fields, formsets };
  }

  // The fields of `record` whose values differ from those in `base` (or are not in it).
  function changes(record, base) {
    const before = new Map(base.fields.map(([name, value]) => [name, JSON.stringify(value)]));
    return record.fields.filter(([name, value]) => before.get(name) !== JSON.stringify(value));
  }

  // A copy on offer with what was typed since the page loaded on top of it.
  function withTyping(record, now, initial) {
    const typed = changes(now, initial);
    const names = new Set(typed.map(([name]) => name));
    const formsets = { ...record.formsets };
    for (const [prefix, count] of Object.entries(now.formsets)) {
      formsets[prefix] = Math.max(count, formsets[prefix] || 0);
    }
    return { fields: [...record.fields.filter(([name]) => !names.has(name)), ...typed], formsets };
  }

  function changed(element) {
    element.dispatchEvent(new Event("input", { bubbles: true }));
    element.dispatchEvent(new Event("change", { bubbles: true }));
    const jq = window.django && window.django.jQuery;
    if (jq && element.tagName === "SELECT") jq(element).trigger("change");
  }

  function restore(form, record) {
    // Rows added before the crash are added again, so that their fields exist.
    for (const [prefix, count] of Object.entries(record.formsets || {})) {
      const total = form.querySelector(`input[name="${CSS.escape(prefix)}-TOTAL_FORMS"]`);
      const add = document.querySelector(`#${CSS.escape(prefix)}-group .add-row a`);
      for (let n = Number(total && total.value); total && add && n < count; n++) add.click();
    }
    for (const [name, value, label] of record.fields) {
      const found = form.elements.namedItem(name);
      if (!found) continue;
      const elements = found instanceof RadioNodeList ? Array.from(found) : [found];
      const first = elements[0];
      const type = (first.type || "").toLowerCase();
      if (type === "radio") {
        for (const radio of elements) radio.checked = radio.value === value;
        changed(first);
      } else if (type === "checkbox") {
        first.checked = value === "on";
        changed(first);
      } else if (first.tagName === "SELECT") {
        const wanted = Array.isArray(value) ? value : [value];
        wanted.forEach((chosen, index) => {
          if (chosen !== "" && !Array.from(first.options).some((o) => o.value === chosen)) {
            first.add(new Option((label && label[index]) || chosen, chosen));
          }
        });
        for (const option of first.options) option.selected = wanted.includes(option.value);
        changed(first);
      } else if (first.value !== value) {
        first.value = value;
        const editor = editors.get(first);
        if (editor) editor.commands.setContent(value);
        first.value = value;
        changed(first);
      }
    }
    form.dispatchEvent(new CustomEvent("placard:restored", { bubbles: true }));
  }

  function when(savedAt) {
    const date = new Date(savedAt);
    const lang = document.documentElement.lang || undefined;
    const time = date.toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
    if (date.toDateString() === new Date().toDateString()) return time;
    return `${date.toLocaleDateString(lang, { day: "numeric", month: "long", year: "numeric" })}, ${time}`;
  }

  // `older`: the copy was made from a version older than the one now saved (`savedAt`,
  // an ISO time, or "" when unknown).
  function offer(form, record, older, savedAt, decided) {
    const box = document.createElement("div");
    box.className = "autosave-offer";
    box.setAttribute("role", "alert");
    const question = document.createElement("p");
    question.textContent = fill(t("Restore unsaved changes from %(time)s?"), { time: when(record.savedAt) });
    if (older) {
      const saved = Date.parse(savedAt);
      const note = Number.isNaN(saved)
        ? t("They are older than the saved version.")
        : fill(t("They are older than the version saved at %(time)s."), { time: when(saved) });
      question.append(" ", note);
    }
    const yes = document.createElement("button");
    yes.type = "button";
    yes.className = "button default";
    yes.textContent = t("Restore");
    const no = document.createElement("button");
    no.type = "button";
    no.className = "button";
    no.textContent = t("Discard");
    box.append(question, yes, no);
    form.before(box);
    const close = (message) => {
      box.removeAttribute("role");
      box.setAttribute("role", "status");
      box.replaceChildren(Object.assign(document.createElement("p"), { textContent: message }));
      setTimeout(() => box.remove(), 6000);
    };
    yes.addEventListener("click", () => {
      decided(true);
      close(t("Your unsaved changes are back in the form. Save to keep them."));
    });
    no.addEventListener("click", () => {
      close(t("The unsaved changes were discarded."));
      decided(false);
    });
  }

  function start() {
    settleSentForm();
    pruneOldCopies();
    const form = document.querySelector("#content-main form[id$='_form']");
    if (!form || !form.querySelector("input[name=csrfmiddlewaretoken]")) return;
    const key = PREFIX + window.location.pathname;
    const versionInput = form.querySelector("input[name=loaded_version]");
    const version = versionInput && versionInput.value ? versionInput.value : "new";
    const withErrors = Boolean(document.querySelector(".errornote, .errorlist"));
    let initial = null;
    let offered = null; // the copy on offer: what is typed meanwhile is kept with it
    let timer = null;

    const save = () => {
      clearTimeout(timer);
      timer = null;
      if (!initial) return;
      const now = snapshot(form);
      if (offered) {
        const kept = withTyping(offered, now, initial);
        storage.set(key, { ...offered, ...kept, savedAt: Date.now() });
        return;
      }
      const fields = changes(now, initial);
      if (!fields.length) {
        storage.remove(key);
        return;
      }
      const currentVersion = versionInput && versionInput.value ? versionInput.value : "new";
      storage.set(key, { version: currentVersion, savedAt: Date.now(), fields, formsets: now.formsets });
    };
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(save, DELAY_MS);
    };

    const begin = () => {
      initial = snapshot(form);
      const record = storage.get(key);
      if (!record || !Array.isArray(record.fields)) return;
      if (withErrors) return; // the form already holds what was sent; keep saving it
      if (!changes(record, initial).length) {
        storage.remove(key); // nothing in it that is not saved already
        return;
      }
      offered = record;
      const older = String(record.version) !== version;
      const savedAt = (versionInput && versionInput.dataset.savedAt) || "";
      offer(form, record, older, savedAt, (restoring) => {
        const chosen = offered;
        offered = null;
        // Only the copy's own changes come back; what was typed meanwhile stays.
        if (restoring) restore(form, withTyping(chosen, snapshot(form), initial));
        save();
      });
    };

    form.addEventListener("input", later);
    form.addEventListener("change", later);
    const jq = window.django && window.django.jQuery;
    if (jq) jq(form).on("change", later); // the autocomplete's choices
    form.addEventListener("submit", (event) => {
      save();
      // Buttons that send the form elsewhere (create or revoke a preview link) save
      // nothing of it: the copy stays for the page they come back to.
      const button = event.submitter;
      if (button && button.hasAttribute("formaction")) return;
      session("set", key);
    });
    window.addEventListener("pagehide", () => timer && save());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden" && timer) save();
    });
    if (document.readyState === "complete") begin();
    else window.addEventListener("load", begin);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
