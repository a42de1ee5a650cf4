// Follows an import on its job page: polls the job's JSON status every second and moves the
// progress bar; when the job has ended, reloads the page, which then shows the server-rendered report.
// Served from our own static files with no inline script, so a strict Content-Security-Policy allows it.
"use strict";

(function () {
  const POLL_MS = 1000;
  const box = document.getElementById("job-progress");
  if (!box) {
    return;
  }
  const bar = document.getElementById("job-progress-bar");
  const text = document.getElementById("job-progress-text");
  const status = document.getElementById("job-status");
  const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (match, name) => (name in values ? values[name] : match));
  }

  function show(job) {
    status.textContent = job.label.charAt(0).toUpperCase() + job.label.slice(1);
    const read = numbers.format(job.read);
    if (job.total) {
      bar.max = job.total;
      bar.value = Math.min(job.read, job.total);
      text.textContent = job.read >= job.total
        ? box.dataset.textChecking
        : fill(box.dataset.textOf, { read: read, total: numbers.format(job.total) });
    } else {
      bar.removeAttribute("value"); // indeterminate: the file does not say how many features it has
      text.textContent = fill(box.dataset.textRead, { read: read });
    }
  }

  async function poll() {
    try {
      const response = await fetch(box.dataset.statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      const job = await response.json();
      if (!job.active) {
        window.location.reload();
        return;
      }
      show(job);
    } catch (error) {
      text.textContent = box.dataset.textLost;
    }
    window.setTimeout(poll, POLL_MS);
  }

  window.setTimeout(poll, POLL_MS);
})();
