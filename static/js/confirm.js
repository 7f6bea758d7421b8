/*
 * Confirm before destructive actions. Any form, submit button or link carrying data-confirm="…" asks
 * first in a Tabler (Bootstrap) modal; 取消 has the focus, so Enter or Esc keeps everything as it was.
 *
 *   <button type="submit" data-confirm="删除事项《…》？…" data-confirm-title="删除事项" data-confirm-ok="删除">
 *
 * Optional: data-confirm-title (heading, default 请确认), data-confirm-ok (the confirm button, default 确定),
 * data-confirm-variant (danger | primary …, default danger). Without JavaScript the form submits as is:
 * deletes are POST-only on the server, so a bare GET never deletes.
 */
(function () {
  "use strict";

  var modalEl = null;
  var parts = {};
  var pending = null; // function run when the user confirms

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function build() {
    modalEl = el("div", "modal modal-blur fade");
    modalEl.id = "confirm-modal";
    modalEl.tabIndex = -1;
    modalEl.setAttribute("role", "alertdialog");
    modalEl.setAttribute("aria-modal", "true");
    modalEl.setAttribute("aria-labelledby", "confirm-modal-title");
    modalEl.setAttribute("aria-describedby", "confirm-modal-message");
    modalEl.setAttribute("data-testid", "confirm-modal");
    var dialog = el("div", "modal-dialog modal-dialog-centered");
    dialog.setAttribute("role", "document");
    var content = el("div", "modal-content");
    parts.status = el("div", "modal-status bg-danger");
    var body = el("div", "modal-body py-4");
    parts.title = el("h3", "modal-title mb-2");
    parts.title.id = "confirm-modal-title";
    parts.message = el("div", "text-secondary");
    parts.message.id = "confirm-modal-message";
    parts.message.style.whiteSpace = "pre-line";
    body.append(parts.title, parts.message);
    var footer = el("div", "modal-footer");
    parts.cancel = el("button", "btn", "取消");
    parts.cancel.type = "button";
    parts.cancel.setAttribute("data-bs-dismiss", "modal");
    parts.ok = el("button", "btn btn-danger", "确定");
    parts.ok.type = "button";
    parts.ok.setAttribute("data-confirm-accept", "");
    footer.append(parts.cancel, parts.ok);
    content.append(parts.status, body, footer);
    dialog.append(content);
    modalEl.append(dialog);
    document.body.append(modalEl);
    modalEl.addEventListener("shown.bs.modal", function () {
      parts.cancel.focus();
    });
    modalEl.addEventListener("hidden.bs.modal", function () {
      pending = null;
    });
    parts.ok.addEventListener("click", function () {
      var run = pending;
      pending = null;
      modalApi().hide();
      if (run) run();
    });
  }

  function Modal() {
    var lib = window.tabler || window.bootstrap || {};
    return lib.Modal || (lib.bootstrap && lib.bootstrap.Modal) || null;
  }

  function modalApi() {
    return Modal().getOrCreateInstance(modalEl);
  }

  function ask(source, onConfirm) {
    var message = source.getAttribute("data-confirm");
    if (!Modal()) {
      // The UI library did not load: the browser's own dialog still asks.
      if (window.confirm(message)) onConfirm();
      return;
    }
    if (!modalEl) build();
    var variant = source.getAttribute("data-confirm-variant") || "danger";
    parts.title.textContent = source.getAttribute("data-confirm-title") || "请确认";
    parts.message.textContent = message;
    parts.ok.textContent = source.getAttribute("data-confirm-ok") || "确定";
    parts.ok.className = "btn btn-" + variant;
    parts.status.className = "modal-status bg-" + variant;
    pending = onConfirm;
    modalApi().show();
  }

  // Which submit button was pressed (for browsers without SubmitEvent.submitter).
  var lastSubmitter = null;
  document.addEventListener(
    "click",
    function (event) {
      var button = event.target.closest && event.target.closest("button, input[type=submit]");
      if (button && button.form) lastSubmitter = button;
      var link = event.target.closest && event.target.closest("a[data-confirm]");
      if (link && !link.hasAttribute("data-confirmed")) {
        event.preventDefault();
        ask(link, function () {
          window.location.assign(link.href);
        });
      }
    },
    true
  );

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (form.hasAttribute("data-confirmed")) {
        form.removeAttribute("data-confirmed");
        return;
      }
      var submitter = event.submitter || (lastSubmitter && lastSubmitter.form === form ? lastSubmitter : null);
      var source =
        submitter && submitter.hasAttribute("data-confirm") ? submitter : form.hasAttribute("data-confirm") ? form : null;
      if (!source) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      ask(source, function () {
        form.setAttribute("data-confirmed", "");
        if (form.requestSubmit) {
          form.requestSubmit(submitter || undefined);
        } else {
          form.submit();
        }
      });
    },
    true
  );
})();
