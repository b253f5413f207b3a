// Content editor: live Markdown preview (rendered and sanitized by the server) and attachment uploads.
(function () {
  'use strict';
  const form = document.querySelector('form[data-content-editor]');
  if (!form) return;
  const token = () => form.querySelector('input[name="__RequestVerificationToken"]').value;

  form.querySelectorAll('textarea[data-preview]').forEach(function (area) {
    const target = document.getElementById(area.dataset.preview);
    let timer = 0;
    async function render() {
      const body = new FormData();
      body.append('markdown', area.value);
      body.append('__RequestVerificationToken', token());
      const response = await fetch(form.dataset.previewUrl, { method: 'POST', body: body, credentials: 'same-origin' });
      if (response.ok) target.innerHTML = await response.text(); // already sanitized on the server
    }
    area.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(render, 400); });
    render();
  });

  form.querySelectorAll('[data-attachments]').forEach(function (box) {
    const hidden = box.querySelector('input[type=hidden]');
    const list = box.querySelector('[data-list]');
    const picker = box.querySelector('input[type=file]');
    const error = box.querySelector('[data-error]');
    let files = [];
    try { files = JSON.parse(hidden.value || '[]'); } catch (e) { files = []; }
    // Only files saved with the item can be downloaded from the dashboard yet.
    const saved = new Set(files.map(function (f) { return f.id; }));

    function draw() {
      hidden.value = files.length ? JSON.stringify(files) : '';
      list.replaceChildren.apply(list, files.map(function (file, i) {
        const li = document.createElement('li');
        li.className = 'd-flex align-items-center gap-2';
        let label;
        if (box.dataset.fileBase && saved.has(file.id)) {
          label = document.createElement('a');
          label.href = box.dataset.fileBase + encodeURIComponent(file.id);
        } else {
          label = document.createElement('span');
        }
        label.textContent = file.name + ' (' + Math.max(1, Math.round(file.size / 1024)) + ' KB)';
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.className = 'btn btn-sm btn-link text-danger p-0';
        remove.textContent = box.dataset.removeText;
        remove.addEventListener('click', function () { files.splice(i, 1); draw(); });
        li.append(label, remove);
        return li;
      }));
    }

    picker.addEventListener('change', async function () {
      error.textContent = '';
      for (const file of Array.from(picker.files)) {
        error.textContent = box.dataset.uploadingText;
        const body = new FormData();
        body.append('file', file);
        body.append('__RequestVerificationToken', token());
        const response = await fetch(form.dataset.uploadUrl, { method: 'POST', body: body, credentials: 'same-origin' });
        const result = await response.json().catch(function () { return { error: response.statusText }; });
        if (response.ok) { files.push(result); error.textContent = ''; }
        else { error.textContent = result.error || response.statusText; break; }
      }
      picker.value = '';
      draw();
    });
    draw();
  });
})();
