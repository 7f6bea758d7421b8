// The lesson player (learning/courses/player.html): reports the video's position every five seconds while it
// plays (and on pause, before and after a seek, at the end), or a heartbeat every fifteen seconds while a PDF,
// article or link lesson is open and visible. The server decides what counts (learning/courses.py): a jump
// forward moves the position but is not counted as watched.
(function () {
  "use strict";
  var root = document.querySelector("[data-lesson-player]");
  if (!root || !root.dataset.reportUrl) return;
  var url = root.dataset.reportUrl;
  var csrf = root.dataset.csrf;
  var text = root.querySelector("[data-progress-text]");
  var bar = root.querySelector("[data-progress-bar]");
  var note = root.querySelector("[data-progress-note]");
  var doneBadge = root.querySelector("[data-lesson-done]");
  var courseDone = root.querySelector("[data-course-done]");
  var queue = Promise.resolve();

  function show(res) {
    if (!res.ok) {
      if (note) note.textContent = res.data.detail || "进度未能保存，请检查网络。";
      return;
    }
    var d = res.data;
    if (text) text.textContent = d.percent + "%";
    if (bar) {
      bar.style.width = d.percent + "%";
      bar.parentNode.setAttribute("aria-valuenow", d.percent);
    }
    if (note) note.textContent = d.note || "";
    if (d.done) {
      root.dataset.done = "1";
      if (doneBadge) doneBadge.classList.remove("d-none");
      if (bar) bar.classList.add("bg-green");
    }
    if (d.course_done && courseDone) courseDone.classList.remove("d-none");
  }

  function send(body) {
    queue = queue.then(function () {
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify(body),
      })
        .then(function (r) {
          return r.json().then(function (data) {
            return { ok: r.ok, data: data };
          });
        })
        .then(show)
        .catch(function () {
          if (note) note.textContent = "进度未能保存，请检查网络。";
        });
    });
    return queue;
  }

  var video = root.querySelector("video");
  if (root.dataset.kind === "video") {
    if (!video) return;
    var resumeAt = parseFloat(root.dataset.position) || 0;
    var lastPlayed = 0;
    var resuming = false;
    var tick = null;
    var report = function (pos) {
      return send({ position: Math.round(Math.max(0, pos) * 10) / 10 });
    };
    video.addEventListener("loadedmetadata", function () {
      if (root.dataset.done !== "1" && resumeAt > 1 && resumeAt < video.duration - 1) {
        resuming = true;
        video.currentTime = resumeAt;
        lastPlayed = resumeAt;
      }
    });
    video.addEventListener("timeupdate", function () {
      if (!video.seeking) lastPlayed = video.currentTime;
    });
    video.addEventListener("play", function () {
      report(video.currentTime);
      if (!tick) {
        tick = setInterval(function () {
          if (!video.paused && !video.seeking) report(video.currentTime);
        }, 5000);
      }
    });
    video.addEventListener("pause", function () {
      if (tick) {
        clearInterval(tick);
        tick = null;
      }
      if (!video.ended) report(video.currentTime);
    });
    video.addEventListener("seeking", function () {
      if (!resuming) report(lastPlayed); // the stretch watched before the jump
    });
    video.addEventListener("seeked", function () {
      if (resuming) {
        resuming = false;
        return;
      }
      lastPlayed = video.currentTime;
      report(video.currentTime);
    });
    video.addEventListener("ended", function () {
      if (tick) {
        clearInterval(tick);
        tick = null;
      }
      report(video.duration);
    });
    var play = root.querySelector("[data-play]");
    if (play) {
      play.addEventListener("click", function () {
        video.play();
        video.scrollIntoView({ block: "center" });
      });
    }
    return;
  }
  // PDF, article, link: a heartbeat while the page is open and visible.
  send({});
  setInterval(function () {
    if (document.visibilityState === "visible" && root.dataset.done !== "1") send({});
  }, 15000);
})();
