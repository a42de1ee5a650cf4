// DOM building without innerHTML: text enters only through textContent and text nodes, so a value
// from the data can never become markup.

export function el(tag, attributes = {}, children = []) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value === undefined || value === null || value === false) {
            continue;
        }
        if (name === 'text') {
            node.textContent = value;
        } else if (name === 'className') {
            node.className = value;
        } else if (name === 'style') {
            // Properties, not a style="…" attribute, which the Content-Security-Policy refuses.
            Object.assign(node.style, value);
        } else if (name.startsWith('on') && typeof value === 'function') {
            node.addEventListener(name.slice(2), value);
        } else {
            node.setAttribute(name, value === true ? '' : value);
        }
    }
    for (const child of children) {
        if (child !== null && child !== undefined && child !== false) {
            node.append(child);  // strings become text nodes
        }
    }
    return node;
}

// A short message over the map (location found or not, …); it leaves by itself.
export function toast(container, text, {error = false, seconds = 6} = {}) {
    let box = container.querySelector('.ntm-toast');
    if (!box) {
        box = el('div', {className: 'ntm-toast', role: 'status', 'aria-live': 'polite'});
        container.append(box);
    }
    box.textContent = text;
    box.classList.toggle('ntm-toast-error', error);
    box.hidden = false;
    clearTimeout(box.ntmTimer);
    box.ntmTimer = setTimeout(() => { box.hidden = true; }, seconds * 1000);
}
