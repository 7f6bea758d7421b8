// Before the first paint: put the sidebar back the way the user left it (Tabler stores the choice).
try {
  if ((localStorage.getItem("tabler-sidebar") || "").indexOf("folded") === 0) {
    document.documentElement.setAttribute("data-bs-sidebar", "folded-hover");
  }
} catch (e) { /* storage blocked: keep the default */ }
