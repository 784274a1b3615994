// Injected by `dossier serve` (not in the built files): live reload.
(() => {
  const events = new EventSource("/__dossier/events");
  const overlayId = "__dossier-error";
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("css", () => {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      // A new query makes the browser fetch the stylesheet again; it keeps
      // the old one applied until the new one has loaded.
      url.searchParams.set("dossier-reload", Date.now());
      link.href = url.href;
    }
  });
  events.addEventListener("error", (event) => {
    // A dropped connection fires a plain Event named "error" too (the
    // EventSource then reconnects by itself); only the server's own
    // `error` events are MessageEvents, carrying the build's message.
    if (!(event instanceof MessageEvent)) return;
    let overlay = document.getElementById(overlayId);
    if (!overlay) {
      overlay = document.createElement("pre");
      overlay.id = overlayId;
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;margin:0;padding:2em;" +
        "overflow:auto;background:rgba(24,24,24,.96);color:#ffd7d7;" +
        "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
        "white-space:pre-wrap;text-align:left";
      (document.body || document.documentElement).append(overlay);
    }
    overlay.textContent = "dossier: the build failed\n\n" + event.data;
  });
  events.addEventListener("clear", () => document.getElementById(overlayId)?.remove());
})();
