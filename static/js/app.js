// The app's own behaviour, loaded from base.html. The Content-Security-Policy allows no inline
// script or on* handler, so pages say what they need in data attributes:
//   <form data-confirm="Question? What cannot be undone."  asks in a dialog before the form is
//         data-confirm-action="Xóa">                         sent; Cancel keeps the page as it is;
//                                                            the confirming button says the action
//   <select data-autosubmit>          sends its form as soon as a choice is made.
// The dialog's other words are the page's language, rendered by base.html on <body>
// (data-confirm-title, data-confirm-ok, data-confirm-cancel): JavaScript has no catalogue.
// Without JavaScript the forms still work: they are sent without the question, and the language
// form shows its own button.
"use strict";

let confirmDialog = null;

function words() {
  const data = document.body.dataset;
  return {
    title: data.confirmTitle || "",
    ok: data.confirmOk || "OK",
    cancel: data.confirmCancel || "Cancel",
  };
}

// One <dialog> for the page, built on first use: a heading, the page's sentence, two buttons.
// Its inner form uses method="dialog", so either button closes it with its value.
function dialog() {
  if (confirmDialog) {
    return confirmDialog;
  }
  const text = words();
  confirmDialog = document.createElement("dialog");
  confirmDialog.className = "confirm-dialog";
  confirmDialog.setAttribute("aria-labelledby", "confirm-dialog-title");
  confirmDialog.setAttribute("aria-describedby", "confirm-dialog-text");
  confirmDialog.dataset.testid = "confirm-dialog";
  const form = document.createElement("form");
  form.method = "dialog";
  const heading = document.createElement("h2");
  heading.id = "confirm-dialog-title";
  heading.className = "h5";
  heading.textContent = text.title;
  const sentence = document.createElement("p");
  sentence.id = "confirm-dialog-text";
  const actions = document.createElement("div");
  actions.className = "confirm-dialog-actions";
  const cancel = document.createElement("button");
  cancel.value = "cancel";
  cancel.className = "btn btn-outline-secondary";
  cancel.textContent = text.cancel;
  const ok = document.createElement("button");
  ok.value = "confirm";
  ok.className = "btn btn-danger";
  ok.dataset.role = "confirm";
  actions.append(cancel, ok);
  form.append(heading, sentence, actions);
  confirmDialog.append(form);
  document.body.append(confirmDialog);
  return confirmDialog;
}

// Ask, and resolve true only when the confirming button was pressed (Escape cancels).
function ask(question, action) {
  const box = dialog();
  box.querySelector("#confirm-dialog-text").textContent = question;
  box.querySelector("[data-role=confirm]").textContent = action || words().ok;
  box.returnValue = "";
  return new Promise((resolve) => {
    box.addEventListener("close", () => resolve(box.returnValue === "confirm"), { once: true });
    box.showModal();
    // The safe choice has the focus: Enter does not confirm by accident.
    box.querySelector("button[value=cancel]").focus();
  });
}

const confirmed = new WeakSet();

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.dataset.confirm === undefined) {
    return;
  }
  if (confirmed.has(form)) {
    confirmed.delete(form); // this is the confirmed sending: let it go
    return;
  }
  event.preventDefault();
  const submitter = event.submitter;
  ask(form.dataset.confirm, form.dataset.confirmAction).then((yes) => {
    if (yes) {
      confirmed.add(form);
      // The same button again (its name and value are sent), through the submit listeners.
      form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
      confirmed.delete(form); // sent, or stopped by the browser's checks: ask again next time
    }
  });
});

document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.dataset.autosubmit !== undefined && field.form) {
    // requestSubmit, not submit: the form's own submit listeners (data-confirm) still run.
    field.form.requestSubmit();
  }
});
