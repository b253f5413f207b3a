// 我的任务: while a job is queued or running, poll /api/v1/jobs every second and update its card.
(function () {
    var box = document.getElementById('jobs');
    if (!box) return;

    function busy(jobs) { return jobs.some(function (j) { return j.status === 'queued' || j.status === 'running'; }); }

    function update(j) {
        var card = box.querySelector('[data-job="' + j.id + '"]');
        if (!card) { location.reload(); return; } // a job started elsewhere: render it server-side
        var bar = card.querySelector('.progress-bar');
        var width = j.percent !== null ? j.percent : (j.status === 'running' ? 100 : 0);
        bar.style.width = width + '%';
        bar.textContent = j.percent !== null ? j.percent + '%' : '';
        bar.className = 'progress-bar' + (j.status === 'failed' ? ' bg-danger' : j.status === 'succeeded' ? ' bg-success' : ' progress-bar-striped progress-bar-animated');
        card.querySelector('.progress').setAttribute('aria-valuenow', j.percent || 0);
        card.querySelector('[data-field=status]').textContent = j.statusText;
        card.querySelector('[data-field=count]').textContent = j.total > 0 ? j.done + '/' + j.total : '';
        var message = card.querySelector('[data-field=message]');
        message.textContent = j.message || '';
        message.classList.toggle('text-danger', j.status === 'failed');
        var result = card.querySelector('[data-field=result]');
        if (j.resultUrl && !result.querySelector('a')) {
            var a = document.createElement('a');
            a.href = j.resultUrl;
            a.innerHTML = '<i class="bi bi-download"></i> ';
            a.appendChild(document.createTextNode(box.dataset.download));
            result.appendChild(a);
        }
    }

    function poll() {
        fetch(box.dataset.url, { headers: { Accept: 'application/json' }, cache: 'no-store' })
            .then(function (r) { return r.ok ? r.json() : []; })
            .then(function (jobs) {
                jobs.forEach(update);
                if (busy(jobs)) setTimeout(poll, 1000);
            })
            .catch(function () { setTimeout(poll, 5000); });
    }

    if (box.querySelector('.progress-bar-animated')) setTimeout(poll, 1000);
})();
