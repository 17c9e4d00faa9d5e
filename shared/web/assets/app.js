// Progressive enhancement only: every page is complete without this script.
import { initAll } from "/assets/govuk-frontend.min.js";
import "/assets/email-hint.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// The live count: refresh from count.json every 10 seconds while the page is visible.
const REFRESH_MS = 10_000;
for (const counter of document.querySelectorAll("[data-count-url]")) {
  const url = counter.getAttribute("data-count-url");
  const refresh = async () => {
    if (document.hidden) return;
    try {
      const response = await fetch(url, { headers: { accept: "application/json" } });
      if (!response.ok) return;
      const body = await response.json();
      if (typeof body.signature_count === "number") {
        counter.textContent = body.signature_count.toLocaleString("en-GB");
      }
    } catch {
      // Offline or slow: keep the number already shown.
    }
  };
  setInterval(refresh, REFRESH_MS);
}
