// 网上考试: the countdown of an attempt. The server keeps the deadline (answers after it are refused); the page
// shows the time left and hands the paper in a few seconds before it, with what is on the page.
(function () {
  "use strict";
  var box = document.querySelector("[data-testid=timer]");
  var form = document.getElementById("exam-form");
  if (!box || !form) return;
  var end = Date.now() + parseInt(box.getAttribute("data-remaining"), 10) * 1000;
  var text = box.querySelector("[data-timer-text]");
  var sent = false;
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    text.textContent = (h ? h + ":" : "") + pad(m) + ":" + pad(s);
    box.classList.toggle("exam-timer-low", left <= 60);
    if (left <= 3 && !sent) {
      sent = true;
      var op = document.createElement("input");
      op.type = "hidden"; op.name = "op"; op.value = "submit";
      form.appendChild(op);
      form.submit();
      return;
    }
    window.setTimeout(tick, 500);
  }
  tick();
})();
