// The lesson form (learning/courses/lesson_form.html): shows the fields the chosen kind needs (the server checks
// them again): a video or PDF its file, a video its length, an article its text, a link its address.
(function () {
  "use strict";
  var kind = document.querySelector("[data-lesson-field=kind] select");
  if (!kind) return;
  var needs = {
    video: ["file", "duration"],
    pdf: ["file", "min_seconds"],
    article: ["body", "min_seconds"],
    link: ["url", "min_seconds"],
  };
  var optional = ["file", "duration", "body", "url", "min_seconds"];
  function update() {
    var shown = needs[kind.value] || optional;
    optional.forEach(function (name) {
      var box = document.querySelector("[data-lesson-field=" + name + "]");
      if (box) box.classList.toggle("d-none", shown.indexOf(name) < 0);
    });
  }
  kind.addEventListener("change", update);
  update();
})();
