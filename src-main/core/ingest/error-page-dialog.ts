/**
 * The script `GET /api/embed/error-page/` answers (Sentry's crash report modal, which the browser SDK's
 * `Sentry.showReportDialog()` loads into the page): a dialog asking the user for their name, email and
 * what happened, posted back to the same URL as a form; its texts are the query's options (`title`,
 * `labelSubmit` …) or ours. Closing it posts `__sentry_reportdialog_closed__` to the window, which the
 * SDK's `onClose` waits for. The dialog lives in a shadow root, so the page's styles leave it alone,
 * and every text goes in as text, never as markup.
 */

/** The options `showReportDialog` passes through the query, with the words used when it does not. */
export const DIALOG_TEXTS = {
  title: 'Something went wrong on this page.',
  subtitle: 'The error has been recorded.',
  subtitle2: 'Tell us what you were doing, and it will help fix it.',
  labelName: 'Name',
  labelEmail: 'Email',
  labelComments: 'What happened?',
  labelClose: 'Close',
  labelSubmit: 'Send report',
  errorGeneric: 'The report could not be sent. Please try again.',
  errorFormEntry: 'Please correct the marked fields and try again.',
  successMessage: 'Thank you: your report has been sent.',
} as const;

export type DialogTexts = Record<keyof typeof DIALOG_TEXTS, string>;

export interface DialogConfig {
  /** Where the form is posted: the URL the script was loaded from. */
  endpoint: string;
  /** The user the SDK knows, to fill the fields in. */
  name: string;
  email: string;
  texts: DialogTexts;
}

const CSS = `
:host { all: initial; }
.overlay { position: fixed; inset: 0; z-index: 2147483647; display: flex; align-items: center;
  justify-content: center; background: rgba(0, 0, 0, 0.45); font: 14px/1.45 system-ui, sans-serif; }
.dialog { box-sizing: border-box; width: min(480px, calc(100vw - 32px)); max-height: calc(100vh - 32px);
  overflow: auto; padding: 24px; border-radius: 8px; background: #fff; color: #2b2233;
  box-shadow: 0 12px 40px rgba(0, 0, 0, 0.3); }
h2 { margin: 0 0 6px; font-size: 19px; }
p { margin: 0 0 6px; color: #5b5366; }
form { margin-top: 16px; }
label { display: block; margin: 12px 0 4px; font-weight: 600; }
input, textarea { box-sizing: border-box; width: 100%; padding: 7px 9px; border: 1px solid #c9c2d3;
  border-radius: 4px; font: inherit; color: inherit; background: #fff; }
textarea { min-height: 96px; resize: vertical; }
.invalid { border-color: #d9322c; }
.field-error { color: #d9322c; font-size: 12px; margin-top: 3px; }
.message { margin-top: 14px; }
.message.error { color: #d9322c; }
.actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 18px; }
button { padding: 7px 14px; border-radius: 4px; border: 1px solid #c9c2d3; background: #fff;
  font: inherit; color: inherit; cursor: pointer; }
button.submit { border-color: #6c5fc7; background: #6c5fc7; color: #fff; }
button:disabled { opacity: 0.6; cursor: default; }
`;

/** Runs in the user's page: plain ES2017, no globals left behind. */
const DIALOG = `
(function (config, css) {
  'use strict';
  var CLOSED = '__sentry_reportdialog_closed__';
  var texts = config.texts;
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (text) node.textContent = text;
    return node;
  }
  var host = el('div', { 'data-sentry-report-dialog': '' });
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
  root.appendChild(el('style', {}, css));
  var overlay = el('div', { class: 'overlay' });
  var dialog = el('div', { class: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'title' });
  dialog.appendChild(el('h2', { id: 'title' }, texts.title));
  if (texts.subtitle) dialog.appendChild(el('p', {}, texts.subtitle));
  if (texts.subtitle2) dialog.appendChild(el('p', {}, texts.subtitle2));
  var form = el('form', { novalidate: '' });
  var fields = {};
  function field(name, label, input) {
    input.id = 'field-' + name;
    input.name = name;
    form.appendChild(el('label', { for: input.id }, label));
    form.appendChild(input);
    var error = el('div', { class: 'field-error', id: 'error-' + name });
    form.appendChild(error);
    fields[name] = { input: input, error: error };
  }
  var nameInput = el('input', { type: 'text', autocomplete: 'name' });
  nameInput.value = config.name;
  field('name', texts.labelName, nameInput);
  var emailInput = el('input', { type: 'email', autocomplete: 'email' });
  emailInput.value = config.email;
  field('email', texts.labelEmail, emailInput);
  field('comments', texts.labelComments, el('textarea', {}));
  var message = el('div', { class: 'message', role: 'status' });
  form.appendChild(message);
  var actions = el('div', { class: 'actions' });
  var closeButton = el('button', { type: 'button', class: 'close' }, texts.labelClose);
  var submitButton = el('button', { type: 'submit', class: 'submit' }, texts.labelSubmit);
  actions.appendChild(closeButton);
  actions.appendChild(submitButton);
  form.appendChild(actions);
  dialog.appendChild(form);
  overlay.appendChild(dialog);
  root.appendChild(overlay);

  function close() {
    if (!host.parentNode) return;
    host.parentNode.removeChild(host);
    document.removeEventListener('keydown', onKey);
    window.postMessage(CLOSED, '*');
  }
  function onKey(event) {
    if (event.key === 'Escape') close();
  }
  function say(text, isError) {
    message.textContent = text;
    message.className = isError ? 'message error' : 'message';
  }
  function showErrors(errors) {
    for (var name in fields) {
      var list = errors[name];
      var text = Array.isArray(list) ? list.join(' ') : typeof list === 'string' ? list : '';
      fields[name].error.textContent = text;
      fields[name].input.className = text ? 'invalid' : '';
      if (text) fields[name].input.setAttribute('aria-describedby', 'error-' + name);
      else fields[name].input.removeAttribute('aria-describedby');
    }
  }
  closeButton.addEventListener('click', close);
  document.addEventListener('keydown', onKey);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    submitButton.disabled = true;
    say('', false);
    var body = new URLSearchParams();
    for (var name in fields) body.append(name, fields[name].input.value);
    fetch(config.endpoint, { method: 'POST', body: body, headers: { Accept: 'application/json' } })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (json) {
          if (response.ok) {
            showErrors({});
            form.replaceChildren(message, actions);
            submitButton.remove();
            say(texts.successMessage, false);
          } else if (response.status === 400 && json && json.errors) {
            showErrors(json.errors);
            say(texts.errorFormEntry, true);
          } else {
            say(texts.errorGeneric, true);
          }
        });
      }, function () {
        say(texts.errorGeneric, true);
      })
      .then(function () {
        submitButton.disabled = false;
      });
  });
  (document.body || document.documentElement).appendChild(host);
  (config.name ? (config.email ? fields.comments.input : emailInput) : nameInput).focus();
})`;

/** JSON as a JavaScript literal that also survives being pasted into an HTML `<script>`. */
const literal = (value: unknown) => JSON.stringify(value).replaceAll('<', '\\u003c');

export function errorPageScript(config: DialogConfig): string {
  return `${DIALOG}(${literal(config)}, ${literal(CSS)});\n`;
}
