// The sharing panel: copies the embed snippet from its read-only textarea.
(function () {
    'use strict';

    const button = document.getElementById('ntm-published-copy');
    const snippet = document.getElementById('ntm-published-embed');
    if (!button || !snippet) {
        return;
    }
    const label = button.textContent;
    button.addEventListener('click', () => {
        snippet.select();
        const copied = navigator.clipboard
            ? navigator.clipboard.writeText(snippet.value)
            : Promise.resolve(document.execCommand('copy'));
        copied.then(() => {
            button.textContent = button.dataset.copied;
            window.setTimeout(() => { button.textContent = label; }, 2000);
        }, () => snippet.focus());
    });
}());
