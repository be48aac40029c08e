// The watchdog of a page whose parts redraw themselves (dilemmakaart/ui/refresh.py): every part's
// run is a message from this page to the server. When the page has sent nothing for as long as its
// hidden place says (its class st-key-dk-wake-N, N in milliseconds, far longer than any part's interval), its
// parts' timers are gone: the hidden button is pressed, and the run of the page that follows starts
// them again. Installed once per page. (No less-than sign anywhere in this file: the HTML
// sanitiser Streamlit runs drops a script whose text has one before a letter.)
(() => {
  const root = window.parent && window.parent !== window ? window.parent : window;
  if (root.__dkWake) return;
  root.__dkWake = true;
  let last = Date.now();
  const send = root.WebSocket.prototype.send;
  root.WebSocket.prototype.send = function (...args) {
    last = Date.now();
    return send.apply(this, args);
  };
  const tick = () => {
    const place = root.document.querySelector('[class*="st-key-dk-wake-"]');
    const quiet = place ? Number((/st-key-dk-wake-(\d+)/.exec(place.className) || [])[1]) : NaN;
    const button = place && place.querySelector("button");
    if (button && !button.disabled && quiet > 0 && Date.now() - last > quiet) {
      last = Date.now();
      button.click();
    }
    root.setTimeout(tick, 1000);
  };
  root.setTimeout(tick, 1000);
})();
