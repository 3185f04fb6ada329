// The image chooser's thumbnail follows the chosen image: picked in the autocomplete,
// cleared, or just uploaded through the "+" window. Django's admin and its autocomplete
// announce a new choice as a jQuery "change" event, which native listeners do not hear.
(() => {
  "use strict";

  function thumbnailOf(select) {
    return document.querySelector(`img.image-chooser__thumbnail[data-for="${CSS.escape(select.id)}"]`);
  }

  async function update(select) {
    const img = thumbnailOf(select);
    if (!img) return;
    const id = select.value;
    if (!id) {
      img.hidden = true;
      img.removeAttribute("src");
      return;
    }
    const url = select.dataset.thumbnailUrl.replace(/\/0\/thumbnail\/$/, `/${encodeURIComponent(id)}/thumbnail/`);
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok || select.value !== id) return;
      const found = await response.json();
      img.src = found.url;
      img.width = found.width;
      img.height = found.height;
      img.alt = found.alt;
      img.hidden = false;
    } catch (error) {
      // Without a thumbnail the choice still stands; the select shows the image's title.
      img.hidden = true;
    }
  }

  function start() {
    const selects = document.querySelectorAll("select[data-image-chooser]");
    const jq = window.django && window.django.jQuery;
    for (const select of selects) {
      if (jq) jq(select).on("change", () => update(select));
      else select.addEventListener("change", () => update(select));
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
