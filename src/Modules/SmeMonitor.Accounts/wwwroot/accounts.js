// Account pages: "获取验证码" buttons (send the form to a JSON endpoint, count down) and captcha refresh.
(function () {
    function refreshCaptcha(box) {
        if (!box) return;
        fetch('/account/captcha', { headers: { Accept: 'application/json' }, cache: 'no-store' })
            .then(function (r) { return r.json(); })
            .then(function (c) {
                box.querySelector('img').src = c.image;
                box.querySelector('input[name=CaptchaId]').value = c.id;
                box.querySelector('input[name=Captcha]').value = '';
            });
    }

    function countdown(btn, label, seconds) {
        if (seconds <= 0) { btn.disabled = false; btn.textContent = label; return; }
        btn.disabled = true;
        btn.textContent = btn.dataset.wait.replace('{0}', seconds);
        setTimeout(function () { countdown(btn, label, seconds - 1); }, 1000);
    }

    document.querySelectorAll('[data-captcha]').forEach(function (box) {
        box.querySelector('[data-captcha-refresh]').addEventListener('click', function (e) {
            e.preventDefault();
            refreshCaptcha(box);
        });
    });

    document.querySelectorAll('[data-code-url]').forEach(function (btn) {
        var label = btn.textContent;
        btn.addEventListener('click', async function () {
            var form = btn.closest('form');
            var status = document.getElementById(btn.dataset.status);
            var wait = 0;
            btn.disabled = true;
            try {
                var res = await fetch(btn.dataset.codeUrl, { method: 'POST', body: new FormData(form), headers: { Accept: 'application/json' } });
                var data = await res.json();
                status.textContent = data.message;
                status.className = 'form-text ' + (data.ok ? 'text-success' : 'text-danger');
                if (data.redirect) { location.href = data.redirect; return; }
                wait = data.ok ? Number(btn.dataset.interval) : (data.retryAfter || 0);
            } catch (e) {
                status.textContent = btn.dataset.failed;
                status.className = 'form-text text-danger';
            }
            // A captcha is good for one try, right or wrong.
            refreshCaptcha(form.querySelector('[data-captcha]'));
            countdown(btn, label, wait);
        });
    });
})();
