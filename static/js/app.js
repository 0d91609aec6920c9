// The app's own behaviour, loaded from base.html. The Content-Security-Policy allows no inline
// script or on* handler, so pages say what they need in data attributes:
//   <form data-confirm="Question?">   asks before the form is sent (Cancel keeps the page);
//   <select data-autosubmit>          sends its form as soon as a choice is made.
// Without JavaScript the forms still work: they are sent without the question, and the language
// form shows its own button.
"use strict";

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm !== undefined) {
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  }
});

document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.dataset.autosubmit !== undefined && field.form) {
    // requestSubmit, not submit: the form's own submit listeners (data-confirm) still run.
    field.form.requestSubmit();
  }
});
